package dev.flashsale.order.saga.domain;

/** Where a saga stands as a whole. */
public enum SagaState {
    /** Going forward, a stage of the plan at a time. */
    RUNNING,
    /** Something failed; undoing what was done, one participant at a time, newest first. */
    COMPENSATING,
    /** Done: every participant did its part and the order is COMPLETED. */
    COMPLETED,
    /** Done: the order is CANCELLED and every participant acknowledged its compensation. */
    CANCELLED,
    /**
     * A compensation went unacknowledged through every retry. The saga stops re-sending, the order NEEDS_ATTENTION,
     * and an operator's redrive (or a late acknowledgement) moves it on.
     */
    FAILED;

    /** Open sagas still have work to do on their own; FAILED ones wait for a person. */
    public boolean isOpen() {
        return this == RUNNING || this == COMPENSATING;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
