package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** Compensation: set the coupon this order used back to UNUSED. Answered by {@link CouponRestored}. */
@MessageType(name = "RestoreCoupon", topic = Topics.COUPON_COMMANDS)
public record RestoreCoupon(long orderId, long userCouponId) implements SagaMessage {
    public RestoreCoupon {
        Guards.positive(orderId, "orderId");
        Guards.positive(userCouponId, "userCouponId");
    }
}
