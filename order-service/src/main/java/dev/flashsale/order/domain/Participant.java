package dev.flashsale.order.domain;

/** The three services the saga moves, each with its forward step and the step that undoes it. */
public enum Participant {
    STOCK(SagaStep.RESERVE_STOCK, SagaStep.RELEASE_STOCK),
    COUPON(SagaStep.USE_COUPON, SagaStep.RESTORE_COUPON),
    BALANCE(SagaStep.DEDUCT_BALANCE, SagaStep.REFUND_BALANCE);

    /** Compensation runs newest effect first: refund, restore the coupon, release the stock. */
    static final Participant[] NEWEST_FIRST = {BALANCE, COUPON, STOCK};

    private final SagaStep forward;
    private final SagaStep compensation;

    Participant(SagaStep forward, SagaStep compensation) {
        this.forward = forward;
        this.compensation = compensation;
    }

    public SagaStep forward() {
        return forward;
    }

    public SagaStep compensation() {
        return compensation;
    }
}
