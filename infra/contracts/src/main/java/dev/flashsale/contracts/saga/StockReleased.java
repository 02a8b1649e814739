package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** The order holds no stock any more (also the answer when it never held any). */
@MessageType(name = "StockReleased", topic = Topics.ORDER_SAGA_REPLIES)
public record StockReleased(long orderId) implements SagaMessage {
    public StockReleased {
        Guards.positive(orderId, "orderId");
    }
}
