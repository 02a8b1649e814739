package dev.flashsale.coupon.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The part of a coupon that never changes after it is defined. Issuance and the order saga read it
 * from memory, never from the coupon's (hot) row.
 */
public record CouponTerms(long couponId, String name, DiscountPolicy policy, long totalQuantity,
                          IssueWindow window, int validDays) {

    public CouponTerms {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(window, "window");
    }

    /** When a coupon issued at {@code issuedAt} stops being usable: {@code validDays} days of 24 hours later. */
    public Instant expiryFor(Instant issuedAt) {
        return issuedAt.plus(Duration.ofDays(validDays));
    }
}
