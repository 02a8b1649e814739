package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.util.List;

/** Every line is reserved, at these prices. */
@MessageType(name = "StockReserved", topic = Topics.ORDER_SAGA_REPLIES)
public record StockReserved(long orderId, List<ReservedLine> items) implements SagaMessage {
    public StockReserved {
        Guards.positive(orderId, "orderId");
        items = Guards.notEmpty(items, "items");
    }

    public long totalAmount() {
        long total = 0;
        for (ReservedLine line : items) {
            total = Math.addExact(total, line.lineAmount());
        }
        return total;
    }
}
