package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.domain.Coupon;
import dev.flashsale.coupon.domain.CouponTerms;
import dev.flashsale.coupon.persistence.CouponRepository;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fixed terms of every coupon, read from the database once per coupon and kept: a definition never
 * changes, so a flash sale reads its coupon's terms from memory, never from the hot row.
 */
@Component
public class CouponCatalog {

    private final Map<Long, CouponTerms> terms = new ConcurrentHashMap<>();
    private final CouponRepository coupons;

    public CouponCatalog(CouponRepository coupons) {
        this.coupons = coupons;
    }

    /** @throws DomainException {@link ErrorCode#COUPON_NOT_FOUND} for an unknown coupon */
    public CouponTerms terms(long couponId) {
        CouponTerms known = terms.get(couponId);
        if (known != null) {
            return known;
        }
        CouponTerms loaded = coupons.findById(couponId).map(Coupon::terms)
                .orElseThrow(() -> new DomainException(ErrorCode.COUPON_NOT_FOUND, "coupon " + couponId + " does not exist"));
        terms.putIfAbsent(couponId, loaded);
        return loaded;
    }
}
