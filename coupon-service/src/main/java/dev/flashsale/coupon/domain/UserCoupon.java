package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One coupon issued to one user (at most one per coupon and user: the table's unique key). Rows are
 * created by the issuance batch, many per statement; the order saga's step decides with this object whether
 * an order may use it ({@link #use}) and writes the outcome with one conditional statement. It is given back
 * (UNUSED again) only by the order using it, by a compensation that names that order.
 */
@Entity
@Table(name = "user_coupon")
public class UserCoupon {

    @Id
    private Long id;

    private long couponId;

    private long userId;

    /** UNUSED or USED; EXPIRED is never stored. */
    @Enumerated(EnumType.STRING)
    private UserCouponStatus status;

    private Instant issuedAt;

    private Instant expiresAt;

    private Instant usedAt;

    private Long usedOrderId;

    protected UserCoupon() {
    }

    /** The coupon as the issuance batch writes it: UNUSED, from {@code issuedAt} until {@code expiresAt}. */
    public static UserCoupon issued(long id, long couponId, long userId, Instant issuedAt, Instant expiresAt) {
        UserCoupon coupon = new UserCoupon();
        coupon.id = id;
        coupon.couponId = couponId;
        coupon.userId = userId;
        coupon.status = UserCouponStatus.UNUSED;
        coupon.issuedAt = issuedAt;
        coupon.expiresAt = expiresAt;
        return coupon;
    }

    /** The coupon as stored: what the order saga's step reads before it decides. */
    public static UserCoupon stored(long id, long couponId, long userId, UserCouponStatus status, Instant issuedAt,
                                    Instant expiresAt, Instant usedAt, Long usedOrderId) {
        if (status == UserCouponStatus.EXPIRED) {
            throw new IllegalArgumentException("EXPIRED is never stored");
        }
        UserCoupon coupon = issued(id, couponId, userId, issuedAt, expiresAt);
        coupon.status = status;
        coupon.usedAt = usedAt;
        coupon.usedOrderId = usedOrderId;
        return coupon;
    }

    /** What the user sees at {@code now}: an unused coupon at or past its expiry is EXPIRED. */
    public UserCouponStatus statusAt(Instant now) {
        if (status == UserCouponStatus.UNUSED && !now.isBefore(expiresAt)) {
            return UserCouponStatus.EXPIRED;
        }
        return status;
    }

    /**
     * Uses this coupon for order {@code orderId} of user {@code userId}: it becomes USED now, and the
     * discount its policy gives the order is returned.
     *
     * @throws DomainException {@link ErrorCode#COUPON_NOT_USABLE} when it is someone else's, not UNUSED or the
     *                         order is below the minimum amount; {@link ErrorCode#COUPON_EXPIRED} when it expired
     */
    public Money use(long orderId, long userId, Money orderAmount, DiscountPolicy policy, Instant now) {
        if (this.userId != userId) {
            throw new DomainException(ErrorCode.COUPON_NOT_USABLE, "user coupon " + id + " belongs to another user");
        }
        if (status != UserCouponStatus.UNUSED) {
            throw new DomainException(ErrorCode.COUPON_NOT_USABLE,
                    "user coupon " + id + " is already used by order " + usedOrderId);
        }
        if (statusAt(now) == UserCouponStatus.EXPIRED) {
            throw new DomainException(ErrorCode.COUPON_EXPIRED, "user coupon " + id + " expired at " + expiresAt);
        }
        Money discount = policy.discountFor(orderAmount);
        status = UserCouponStatus.USED;
        usedAt = now;
        usedOrderId = orderId;
        return discount;
    }

    public Long id() {
        return id;
    }

    public long couponId() {
        return couponId;
    }

    public long userId() {
        return userId;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant usedAt() {
        return usedAt;
    }

    public Long usedOrderId() {
        return usedOrderId;
    }
}
