package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.util.Objects;

/**
 * The coupon was not used. {@code reason} is {@link ErrorCode#COUPON_NOT_USABLE} (unknown, not the
 * owner's, not UNUSED, order below the minimum) or {@link ErrorCode#COUPON_EXPIRED}.
 */
@MessageType(name = "CouponRejected", topic = Topics.ORDER_SAGA_REPLIES)
public record CouponRejected(long orderId, long userCouponId, ErrorCode reason, String detail)
        implements SagaMessage {
    public CouponRejected {
        Guards.positive(orderId, "orderId");
        Objects.requireNonNull(reason, "reason");
    }
}
