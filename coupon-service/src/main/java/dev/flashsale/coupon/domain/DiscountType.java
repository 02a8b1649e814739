package dev.flashsale.coupon.domain;

/** How a coupon takes money off an order. */
public enum DiscountType {
    /** A fixed number of won. */
    FIXED_AMOUNT,
    /** A percentage of the order amount, rounded down to the won, optionally capped. */
    PERCENTAGE
}
