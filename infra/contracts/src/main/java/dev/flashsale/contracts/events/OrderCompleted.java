package dev.flashsale.contracts.events;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Public: an order was paid and completed. The external data platform and the ranking read it.
 * Exactly one per order id; a redelivery carries the same event id.
 */
@MessageType(name = "OrderCompleted", topic = Topics.ORDER_COMPLETED)
public record OrderCompleted(long orderId, long userId, List<OrderItem> items, long totalAmount,
                             long discountAmount, long paidAmount, Long userCouponId,
                             OffsetDateTime completedAt) implements Message {
    public OrderCompleted {
        Guards.positive(orderId, "orderId");
        Guards.positive(userId, "userId");
        items = Guards.notEmpty(items, "items");
        Guards.notNegative(totalAmount, "totalAmount");
        Guards.notNegative(discountAmount, "discountAmount");
        Guards.notNegative(paidAmount, "paidAmount");
        if (paidAmount != totalAmount - discountAmount) {
            throw new IllegalArgumentException("paidAmount " + paidAmount + " is not totalAmount "
                    + totalAmount + " minus discountAmount " + discountAmount);
        }
    }

    @Override
    public String aggregateId() {
        return Long.toString(orderId);
    }
}
