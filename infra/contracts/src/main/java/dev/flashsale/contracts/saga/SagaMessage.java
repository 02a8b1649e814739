package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Message;

/**
 * A command of the order saga or a participant's reply to one. Keyed by order id, so every
 * message of one order stays in order on one partition. The balance commands are keyed by user
 * instead ({@link DeductBalance}), which keeps one order's commands together as well.
 */
public interface SagaMessage extends Message {

    long orderId();

    @Override
    default String aggregateId() {
        return Long.toString(orderId());
    }
}
