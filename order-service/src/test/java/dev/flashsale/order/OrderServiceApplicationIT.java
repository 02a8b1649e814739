package dev.flashsale.order;

import dev.flashsale.testkit.ReadinessContract;

@OrderIntegrationTest
class OrderServiceApplicationIT extends ReadinessContract {
}
