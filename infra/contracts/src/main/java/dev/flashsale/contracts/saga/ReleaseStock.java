package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** Compensation: give the order's reserved stock back. Answered by {@link StockReleased}. */
@MessageType(name = "ReleaseStock", topic = Topics.STOCK_COMMANDS)
public record ReleaseStock(long orderId) implements SagaMessage {
    public ReleaseStock {
        Guards.positive(orderId, "orderId");
    }
}
