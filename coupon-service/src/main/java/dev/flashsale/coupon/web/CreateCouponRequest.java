package dev.flashsale.coupon.web;

import dev.flashsale.coupon.domain.DiscountType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;

/**
 * A coupon definition. Presence is checked here; the ranges (positive quantity, 1 to 100 percent, an
 * ordered window...) are the domain's rules and are checked there.
 */
public record CreateCouponRequest(
        @NotBlank String name,
        @NotNull DiscountType discountType,
        @NotNull Long discountValue,
        Long maxDiscount,
        Long minOrderAmount,
        @NotNull Long totalQuantity,
        @NotNull OffsetDateTime issueStartsAt,
        @NotNull OffsetDateTime issueEndsAt,
        @NotNull Integer validDays) {
}
