package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** The coupon is UNUSED again (also the answer when this order never used it). */
@MessageType(name = "CouponRestored", topic = Topics.ORDER_SAGA_REPLIES)
public record CouponRestored(long orderId, long userCouponId) implements SagaMessage {
    public CouponRestored {
        Guards.positive(orderId, "orderId");
    }
}
