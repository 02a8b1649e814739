package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** The coupon is USED by this order and takes {@code discountAmount} won off it. */
@MessageType(name = "CouponApplied", topic = Topics.ORDER_SAGA_REPLIES)
public record CouponApplied(long orderId, long userCouponId, long discountAmount) implements SagaMessage {
    public CouponApplied {
        Guards.positive(orderId, "orderId");
        Guards.positive(userCouponId, "userCouponId");
        Guards.notNegative(discountAmount, "discountAmount");
    }
}
