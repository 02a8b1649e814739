package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.domain.CouponTerms;
import dev.flashsale.coupon.domain.UserCoupon;
import dev.flashsale.coupon.domain.UserCouponStatus;
import dev.flashsale.coupon.persistence.UserCouponRepository;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;

/** The coupons a user holds (flow 4 of docs/flows.md), with their status as of now. */
@Service
public class UserCoupons {

    private final UserCouponRepository userCoupons;
    private final CouponCatalog catalog;
    private final Clock clock;

    public UserCoupons(UserCouponRepository userCoupons, CouponCatalog catalog, Clock clock) {
        this.userCoupons = userCoupons;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * The user's coupons, newest first.
     *
     * @param status only those in this status now; {@code null} for all
     */
    @Transactional(readOnly = true)
    public Page<Held> of(long userId, UserCouponStatus status, int page, int size) {
        Instant now = clock.instant();
        Pageable pageable = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id"));
        Page<UserCoupon> found = status == null ? userCoupons.findByUserId(userId, pageable) : switch (status) {
            case UNUSED -> userCoupons.findUnused(userId, now, pageable);
            case USED -> userCoupons.findUsed(userId, pageable);
            case EXPIRED -> userCoupons.findExpired(userId, now, pageable);
        };
        return found.map(coupon -> held(coupon, now));
    }

    /** @throws DomainException {@link ErrorCode#COUPON_NOT_FOUND} unless the user holds this coupon */
    @Transactional(readOnly = true)
    public Held one(long userId, long userCouponId) {
        return userCoupons.findById(userCouponId)
                .filter(coupon -> coupon.userId() == userId)
                .map(coupon -> held(coupon, clock.instant()))
                .orElseThrow(() -> new DomainException(ErrorCode.COUPON_NOT_FOUND,
                        "user " + userId + " has no coupon " + userCouponId));
    }

    private Held held(UserCoupon coupon, Instant now) {
        return new Held(coupon, coupon.statusAt(now), catalog.terms(coupon.couponId()));
    }

    /** A user's coupon, its status now and the terms of the coupon it was issued from. */
    public record Held(UserCoupon coupon, UserCouponStatus status, CouponTerms terms) {
    }
}
