package dev.flashsale.coupon.domain;

import java.time.Instant;

/** A coupon that a user holds, as the answer to an issue request. */
public record IssuedCoupon(long userCouponId, long couponId, long userId, Instant issuedAt, Instant expiresAt) {
}
