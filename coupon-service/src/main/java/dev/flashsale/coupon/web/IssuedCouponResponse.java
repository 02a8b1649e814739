package dev.flashsale.coupon.web;

import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.coupon.domain.UserCouponStatus;

import java.time.OffsetDateTime;
import java.time.ZoneId;

public record IssuedCouponResponse(long userCouponId, long couponId, long userId, UserCouponStatus status,
                                   OffsetDateTime issuedAt, OffsetDateTime expiresAt) {

    static IssuedCouponResponse of(IssuedCoupon coupon, ZoneId zone) {
        return new IssuedCouponResponse(coupon.userCouponId(), coupon.couponId(), coupon.userId(),
                UserCouponStatus.UNUSED, Times.at(coupon.issuedAt(), zone), Times.at(coupon.expiresAt(), zone));
    }
}
