package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.domain.Coupon;
import dev.flashsale.coupon.domain.DiscountPolicy;
import dev.flashsale.coupon.domain.IssuanceAudit;
import dev.flashsale.coupon.domain.IssueWindow;
import dev.flashsale.coupon.persistence.CouponRepository;
import dev.flashsale.coupon.persistence.IssuanceStore;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;

/** Defining coupons and reading them back. */
@Service
public class CouponDefinitions {

    private final CouponRepository coupons;
    private final IssuanceStore issuance;
    private final Clock clock;

    public CouponDefinitions(CouponRepository coupons, IssuanceStore issuance, Clock clock) {
        this.coupons = coupons;
        this.issuance = issuance;
        this.clock = clock;
    }

    /** @throws DomainException {@link ErrorCode#VALIDATION_FAILED} for a definition out of range */
    @Transactional
    public Coupon define(String name, DiscountPolicy policy, long totalQuantity, IssueWindow window, int validDays) {
        return coupons.save(Coupon.define(name, policy, totalQuantity, window, validDays, clock.instant()));
    }

    /** The coupon with its current remaining quantity. */
    @Transactional(readOnly = true)
    public Coupon find(long couponId) {
        return coupons.findById(couponId).orElseThrow(() -> notFound(couponId));
    }

    @Transactional(readOnly = true)
    public Page<Coupon> list(int page, int size) {
        return coupons.findAll(PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
    }

    /** What the database holds about the coupon's issuance, and whether its promises hold. */
    public IssuanceAudit audit(long couponId) {
        return issuance.audit(couponId).orElseThrow(() -> notFound(couponId));
    }

    private static DomainException notFound(long couponId) {
        return new DomainException(ErrorCode.COUPON_NOT_FOUND, "coupon " + couponId + " does not exist");
    }
}
