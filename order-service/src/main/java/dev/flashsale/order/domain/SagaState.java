package dev.flashsale.order.domain;

/** Where a saga stands as a whole. */
public enum SagaState {
    /** Going forward: reserving stock, using the coupon, deducting the balance. */
    RUNNING,
    /** Something failed; undoing what was done, one participant at a time, newest first. */
    COMPENSATING,
    /** The order is paid and COMPLETED; waiting for product-service to turn the reservation into a sale. */
    CONFIRMING,
    /** Done: order completed, stock confirmed. */
    COMPLETED,
    /** Done: order cancelled, every participant acknowledged its compensation. */
    CANCELLED,
    /**
     * A compensation or the stock confirmation went unacknowledged through every retry, or product-service
     * refused to confirm the sale of a paid order (its reservation had expired and the units were gone; failure
     * reason OUT_OF_STOCK). The saga stops re-sending and waits for an operator's redrive; a late acknowledgement
     * (or, after a redrive, a confirmation) still moves it on.
     */
    FAILED;

    /** Open sagas still have work to do; FAILED ones wait for a person. */
    public boolean isOpen() {
        return this == RUNNING || this == COMPENSATING || this == CONFIRMING;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
