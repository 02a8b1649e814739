package dev.flashsale.product;

import dev.flashsale.testkit.ReadinessContract;

@ProductIntegrationTest
class ProductServiceApplicationIT extends ReadinessContract {
}
