package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * The coupon step of one order's saga, one row per order id (the primary key). It is what makes the
 * step idempotent per order rather than per message: a repeated UseCoupon for the order finds the
 * decision made the first time and answers it again, whatever happened to the coupon since. Stored in
 * {@code coupon_use} with plain SQL ({@code CouponUseStore}): the step is a few statements on the saga's hot path.
 */
public final class CouponUse {

    public enum Outcome {
        /** The coupon was marked USED by this order. */
        APPLIED,
        /** The coupon could not be used; {@code reason} says why. */
        REJECTED,
        /** The order was compensated before it ever used a coupon; its coupon step is closed. */
        VOIDED
    }

    private final long orderId;
    private final long userCouponId;
    private final Outcome outcome;
    private final Instant decidedAt;
    private Long discountAmount;
    private ErrorCode reason;
    private String detail;
    private Instant restoredAt;

    private CouponUse(long orderId, long userCouponId, Outcome outcome, Instant decidedAt) {
        this.orderId = orderId;
        this.userCouponId = userCouponId;
        this.outcome = outcome;
        this.decidedAt = decidedAt;
    }

    public static CouponUse applied(long orderId, long userCouponId, Money discount, Instant now) {
        CouponUse use = new CouponUse(orderId, userCouponId, Outcome.APPLIED, now);
        use.discountAmount = discount.won();
        return use;
    }

    public static CouponUse rejected(long orderId, long userCouponId, ErrorCode reason, String detail, Instant now) {
        CouponUse use = new CouponUse(orderId, userCouponId, Outcome.REJECTED, now);
        use.reason = Objects.requireNonNull(reason, "reason");
        use.detail = detail;
        return use;
    }

    /** A compensation that arrived for an order that never used a coupon: nothing to give back. */
    public static CouponUse voided(long orderId, long userCouponId, Instant now) {
        return new CouponUse(orderId, userCouponId, Outcome.VOIDED, now);
    }

    /** The step as stored. */
    public static CouponUse stored(long orderId, long userCouponId, Outcome outcome, Long discountAmount, ErrorCode reason,
                                   String detail, Instant decidedAt, Instant restoredAt) {
        CouponUse use = new CouponUse(orderId, userCouponId, outcome, decidedAt);
        use.discountAmount = discountAmount;
        use.reason = reason;
        use.detail = detail;
        use.restoredAt = restoredAt;
        return use;
    }

    /** Whether the order's saga compensated this step (a coupon given back, or none ever taken). */
    public boolean isCompensated() {
        return outcome == Outcome.VOIDED || restoredAt != null;
    }

    public long orderId() {
        return orderId;
    }

    public long userCouponId() {
        return userCouponId;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Money discount() {
        return discountAmount == null ? Money.ZERO : Money.won(discountAmount);
    }

    public ErrorCode reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public Instant restoredAt() {
        return restoredAt;
    }
}
