package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/**
 * The order's deduction is back in the balance; {@code amount} is 0 when nothing had been deducted
 * (or it was refunded before).
 */
@MessageType(name = "BalanceRefunded", topic = Topics.ORDER_SAGA_REPLIES)
public record BalanceRefunded(long orderId, long userId, long amount) implements SagaMessage {
    public BalanceRefunded {
        Guards.positive(orderId, "orderId");
        Guards.notNegative(amount, "amount");
    }
}
