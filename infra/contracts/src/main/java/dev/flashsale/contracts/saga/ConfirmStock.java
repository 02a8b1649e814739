package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** Turn the order's reservation into a sale. Answered by {@link StockConfirmed}. */
@MessageType(name = "ConfirmStock", topic = Topics.STOCK_COMMANDS)
public record ConfirmStock(long orderId) implements SagaMessage {
    public ConfirmStock {
        Guards.positive(orderId, "orderId");
    }
}
