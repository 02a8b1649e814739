package dev.flashsale.order.saga.application;

/**
 * A reply names an order whose saga this service cannot see. Usually the submit that started it has reached the
 * WAL, and so the participant, a moment before it became visible here: the listener retries with back-off and the
 * saga is there. An order that never existed ends on the dead-letter topic after the retries, where an operator
 * sees it.
 */
public class UnknownSagaException extends IllegalStateException {

    public UnknownSagaException(long orderId) {
        super("no saga for order " + orderId + " (yet)");
    }
}
