package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.util.Objects;

/**
 * Nothing was reserved. {@code reason} is {@link ErrorCode#OUT_OF_STOCK} or
 * {@link ErrorCode#PRODUCT_NOT_FOUND}; {@code variantId} names the line that failed.
 */
@MessageType(name = "StockReservationFailed", topic = Topics.ORDER_SAGA_REPLIES)
public record StockReservationFailed(long orderId, ErrorCode reason, long variantId, String detail)
        implements SagaMessage {
    public StockReservationFailed {
        Guards.positive(orderId, "orderId");
        Objects.requireNonNull(reason, "reason");
    }
}
