package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/**
 * Apply the user's coupon to an order of {@code orderAmount} won and mark it used. Answered by
 * {@link CouponApplied} or {@link CouponRejected}.
 */
@MessageType(name = "UseCoupon", topic = Topics.COUPON_COMMANDS)
public record UseCoupon(long orderId, long userCouponId, long userId, long orderAmount) implements SagaMessage {
    public UseCoupon {
        Guards.positive(orderId, "orderId");
        Guards.positive(userCouponId, "userCouponId");
        Guards.positive(userId, "userId");
        Guards.notNegative(orderAmount, "orderAmount");
    }
}
