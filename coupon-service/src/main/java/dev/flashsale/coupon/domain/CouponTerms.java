package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;

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

    /** @throws DomainException {@link ErrorCode#COUPON_NOT_ISSUABLE} outside the issue window */
    public void checkIssuableAt(Instant now) {
        if (!window.isOpenAt(now)) {
            throw new DomainException(ErrorCode.COUPON_NOT_ISSUABLE, "coupon " + couponId + " can be issued from "
                    + window.startsAt() + " until " + window.endsAt());
        }
    }

    /** When a coupon issued at {@code issuedAt} stops being usable: {@code validDays} days of 24 hours later. */
    public Instant expiryFor(Instant issuedAt) {
        return issuedAt.plus(Duration.ofDays(validDays));
    }
}
