package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

/**
 * Compensation: give back what was deducted for this order, if anything was. The amount is the
 * participant's own record of the deduction, not a figure from the orchestrator. Answered by
 * {@link BalanceRefunded}.
 */
@MessageType(name = "RefundBalance", topic = Topics.BALANCE_COMMANDS)
public record RefundBalance(long orderId, long userId) implements SagaMessage {
    public RefundBalance {
        Guards.positive(orderId, "orderId");
        Guards.positive(userId, "userId");
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
