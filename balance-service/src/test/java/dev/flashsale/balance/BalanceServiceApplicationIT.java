package dev.flashsale.balance;

import dev.flashsale.testkit.ReadinessContract;

@BalanceIntegrationTest
class BalanceServiceApplicationIT extends ReadinessContract {
}
