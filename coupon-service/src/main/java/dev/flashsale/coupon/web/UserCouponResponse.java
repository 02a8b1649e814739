package dev.flashsale.coupon.web;

import dev.flashsale.coupon.application.UserCoupons;
import dev.flashsale.coupon.domain.DiscountType;
import dev.flashsale.coupon.domain.UserCouponStatus;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A coupon a user holds, with the terms of its coupon; {@code orderId} is the order using it. */
public record UserCouponResponse(long userCouponId, long couponId, String couponName, long userId,
                                 UserCouponStatus status, DiscountType discountType, long discountValue,
                                 Long maxDiscount, long minOrderAmount, OffsetDateTime issuedAt,
                                 OffsetDateTime expiresAt, OffsetDateTime usedAt, Long orderId) {

    static UserCouponResponse of(UserCoupons.Held held, ZoneId zone) {
        var coupon = held.coupon();
        var policy = held.terms().policy();
        return new UserCouponResponse(coupon.id(), coupon.couponId(), held.terms().name(), coupon.userId(),
                held.status(), policy.type(), policy.value(), policy.maxDiscount(), policy.minOrderAmount(),
                Times.at(coupon.issuedAt(), zone), Times.at(coupon.expiresAt(), zone), Times.at(coupon.usedAt(), zone),
                coupon.usedOrderId());
    }
}
