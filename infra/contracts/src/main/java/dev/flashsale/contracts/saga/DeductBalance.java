package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/** Pay for an order from the user's balance. Answered by {@link BalanceDeducted} or {@link BalanceDeductionFailed}. */
@MessageType(name = "DeductBalance", topic = Topics.BALANCE_COMMANDS)
public record DeductBalance(long orderId, long userId, long amount) implements SagaMessage {
    public DeductBalance {
        Guards.positive(orderId, "orderId");
        Guards.positive(userId, "userId");
        Guards.notNegative(amount, "amount");
    }
}
