package dev.flashsale.coupon;

import dev.flashsale.testkit.ReadinessContract;

@CouponIntegrationTest
class CouponServiceApplicationIT extends ReadinessContract {
}
