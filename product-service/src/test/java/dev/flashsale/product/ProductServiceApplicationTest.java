package dev.flashsale.product;

import dev.flashsale.testkit.ReadinessContract;

@ProductIntegrationTest
class ProductServiceApplicationTest extends ReadinessContract {
}
