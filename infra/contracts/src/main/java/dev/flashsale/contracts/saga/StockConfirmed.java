package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** The order's reservation is now a sale (also the answer to a repeated confirm). */
@MessageType(name = "StockConfirmed", topic = Topics.ORDER_SAGA_REPLIES)
public record StockConfirmed(long orderId) implements SagaMessage {
    public StockConfirmed {
        Guards.positive(orderId, "orderId");
    }
}
