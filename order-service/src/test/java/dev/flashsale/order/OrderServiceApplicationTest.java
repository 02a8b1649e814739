package dev.flashsale.order;

import dev.flashsale.testkit.ReadinessContract;

@OrderIntegrationTest
class OrderServiceApplicationTest extends ReadinessContract {
}
