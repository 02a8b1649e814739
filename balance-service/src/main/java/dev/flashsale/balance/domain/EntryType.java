package dev.flashsale.balance.domain;

/** What moved money in or out of a balance. */
public enum EntryType {

    /** The user topped up; money in. */
    CHARGE(1),
    /** An order was paid; money out. */
    PAYMENT(-1),
    /** A paid order was compensated; its payment comes back in. */
    REFUND(1);

    private final int sign;

    EntryType(int sign) {
        this.sign = sign;
    }

    /** +1 when the entry adds to the balance, -1 when it takes from it. */
    public int sign() {
        return sign;
    }
}
