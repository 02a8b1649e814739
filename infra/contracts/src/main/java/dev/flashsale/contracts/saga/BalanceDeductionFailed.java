package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Guards;
import dev.flashsale.contracts.MessageType;
import dev.flashsale.contracts.Topics;

import java.util.Objects;

/**
 * Nothing was deducted. {@code reason} is {@link ErrorCode#INSUFFICIENT_BALANCE} or
 * {@link ErrorCode#USER_NOT_FOUND}.
 */
@MessageType(name = "BalanceDeductionFailed", topic = Topics.ORDER_SAGA_REPLIES)
public record BalanceDeductionFailed(long orderId, long userId, ErrorCode reason, String detail)
        implements SagaMessage {
    public BalanceDeductionFailed {
        Guards.positive(orderId, "orderId");
        Objects.requireNonNull(reason, "reason");
    }
}
