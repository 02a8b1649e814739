package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.util.List;

/** Reserve every line or none. Answered by {@link StockReserved} or {@link StockReservationFailed}. */
@MessageType(name = "ReserveStock", topic = Topics.STOCK_COMMANDS)
public record ReserveStock(long orderId, List<OrderLine> items) implements SagaMessage {
    public ReserveStock {
        Guards.positive(orderId, "orderId");
        items = Guards.notEmpty(items, "items");
    }
}
