package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * What a coupon takes off an order, and from which order amount on it may be used. A discount never
 * exceeds the order amount, and a percentage rounds down to the won.
 *
 * @param value       won for {@link DiscountType#FIXED_AMOUNT}, percent (1 to 100) for {@link DiscountType#PERCENTAGE}
 * @param maxDiscount the cap of a percentage discount in won; {@code null} for no cap
 */
@Embeddable
public record DiscountPolicy(
        @Enumerated(EnumType.STRING) @Column(name = "discount_type") DiscountType type,
        @Column(name = "discount_value") long value,
        @Column(name = "max_discount") Long maxDiscount,
        @Column(name = "min_order_amount") long minOrderAmount) {

    public DiscountPolicy {
        if (type == null) {
            throw invalid("discountType is required");
        }
        if (value <= 0) {
            throw invalid("discountValue must be positive, was " + value);
        }
        if (type == DiscountType.PERCENTAGE && value > 100) {
            throw invalid("a PERCENTAGE discount is 1 to 100 percent, was " + value);
        }
        if (maxDiscount != null && type != DiscountType.PERCENTAGE) {
            throw invalid("maxDiscount caps only a PERCENTAGE discount");
        }
        if (maxDiscount != null && maxDiscount <= 0) {
            throw invalid("maxDiscount must be positive, was " + maxDiscount);
        }
        if (minOrderAmount < 0) {
            throw invalid("minOrderAmount must not be negative, was " + minOrderAmount);
        }
    }

    public static DiscountPolicy fixedAmount(long won, long minOrderAmount) {
        return new DiscountPolicy(DiscountType.FIXED_AMOUNT, won, null, minOrderAmount);
    }

    public static DiscountPolicy percentage(long percent, Long maxDiscount, long minOrderAmount) {
        return new DiscountPolicy(DiscountType.PERCENTAGE, percent, maxDiscount, minOrderAmount);
    }

    /** Whether an order of {@code orderAmount} reaches the coupon's minimum. */
    public boolean admits(Money orderAmount) {
        return orderAmount.won() >= minOrderAmount;
    }

    /**
     * The discount on an order of {@code orderAmount}.
     *
     * @throws DomainException {@link ErrorCode#COUPON_NOT_USABLE} when the order is below the minimum amount
     */
    public Money discountFor(Money orderAmount) {
        if (!admits(orderAmount)) {
            throw new DomainException(ErrorCode.COUPON_NOT_USABLE, "the order amount " + orderAmount.won()
                    + " is below this coupon's minimum of " + minOrderAmount);
        }
        Money discount = switch (type) {
            case FIXED_AMOUNT -> Money.won(value);
            case PERCENTAGE -> maxDiscount == null
                    ? orderAmount.percent(value)
                    : orderAmount.percent(value).min(Money.won(maxDiscount));
        };
        return discount.min(orderAmount);
    }

    private static DomainException invalid(String detail) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
