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

    /**
     * Keyed by user, not by order: every balance command of one user lands on one partition and is handled by one
     * consumer, so two consumers never wait on, or deadlock over, one balance row. Both commands of an order have
     * its user's key, so they stay in order too.
     */
    @Override
    public String aggregateId() {
        return Long.toString(userId);
    }
}
