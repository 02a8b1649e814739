package dev.flashsale.coupon.domain;

/**
 * A user's coupon as the user sees it. Only {@link #UNUSED} and {@link #USED} are stored;
 * {@link #EXPIRED} is an unused coupon past its expiry, derived when it is read, so it is exact at
 * every moment and needs no sweeper.
 */
public enum UserCouponStatus {
    UNUSED,
    USED,
    EXPIRED
}
