package dev.flashsale.contracts.events;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Public: an order was cancelled and everything it held was given back. {@code failureReason} is one
 * of OUT_OF_STOCK, PRODUCT_NOT_FOUND, COUPON_NOT_USABLE, COUPON_EXPIRED, INSUFFICIENT_BALANCE,
 * USER_NOT_FOUND, TIMEOUT. {@code items} holds what was asked for; prices are known only when the
 * stock had been reserved.
 */
@MessageType(name = "OrderCancelled", topic = Topics.ORDER_CANCELLED)
public record OrderCancelled(long orderId, long userId, List<CancelledItem> items, ErrorCode failureReason,
                             Long userCouponId, OffsetDateTime cancelledAt) implements Message {
    public OrderCancelled {
        Guards.positive(orderId, "orderId");
        Guards.positive(userId, "userId");
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        Objects.requireNonNull(failureReason, "failureReason");
    }

    @Override
    public String aggregateId() {
        return Long.toString(orderId);
    }

    /** A line of a cancelled order; product id and price are null when stock was never reserved. */
    public record CancelledItem(long variantId, int quantity, Long productId, Long unitPrice) {
        public CancelledItem {
            Guards.positive(variantId, "variantId");
            Guards.positive(quantity, "quantity");
        }
    }
}
