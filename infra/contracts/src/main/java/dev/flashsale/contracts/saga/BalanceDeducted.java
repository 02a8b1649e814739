package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.util.Objects;

/** {@code amount} won left the user's balance for this order; {@code paymentRef} names the ledger entry. */
@MessageType(name = "BalanceDeducted", topic = Topics.ORDER_SAGA_REPLIES)
public record BalanceDeducted(long orderId, long userId, long amount, String paymentRef) implements SagaMessage {
    public BalanceDeducted {
        Guards.positive(orderId, "orderId");
        Guards.notNegative(amount, "amount");
        Objects.requireNonNull(paymentRef, "paymentRef");
    }
}
