package dev.flashsale.balance.domain;

/** Where an order's payment stands. Every status but {@link #DEDUCTED} is final. */
public enum PaymentStatus {

    /** The amount left the user's balance; the order holds it. */
    DEDUCTED,
    /** Nothing was deducted: too little balance, or no such user. */
    DECLINED,
    /** The deduction went back to the balance when the order was compensated. */
    REFUNDED,
    /**
     * The order was compensated before any deduction arrived. Nothing moved, and a deduction for the
     * order that arrives afterwards (a late or reordered command) is refused instead of taking money
     * that nobody would give back.
     */
    VOIDED
}
