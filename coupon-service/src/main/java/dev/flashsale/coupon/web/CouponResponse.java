package dev.flashsale.coupon.web;

import dev.flashsale.coupon.domain.Coupon;
import dev.flashsale.coupon.domain.DiscountType;

import java.time.OffsetDateTime;
import java.time.ZoneId;

public record CouponResponse(long couponId, String name, DiscountType discountType, long discountValue,
                             Long maxDiscount, long minOrderAmount, long totalQuantity, long issuedQuantity,
                             long remainingQuantity, OffsetDateTime issueStartsAt, OffsetDateTime issueEndsAt,
                             int validDays, OffsetDateTime createdAt) {

    static CouponResponse of(Coupon coupon, ZoneId zone) {
        return new CouponResponse(coupon.id(), coupon.name(), coupon.discountPolicy().type(),
                coupon.discountPolicy().value(), coupon.discountPolicy().maxDiscount(),
                coupon.discountPolicy().minOrderAmount(), coupon.totalQuantity(), coupon.issuedQuantity(),
                coupon.remainingQuantity(), Times.at(coupon.issueWindow().startsAt(), zone),
                Times.at(coupon.issueWindow().endsAt(), zone), coupon.validDays(), Times.at(coupon.createdAt(), zone));
    }
}
