package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.coupon.domain.CouponUse;
import dev.flashsale.coupon.domain.UserCoupon;
import dev.flashsale.coupon.persistence.CouponUseRepository;
import dev.flashsale.coupon.persistence.UserCouponRepository;
import dev.flashsale.messaging.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The coupon step of the order saga. Each command is decided once per order: the decision is kept in
 * {@code coupon_use} (one row per order id) and every later command for the same order, whatever its
 * event id, is answered from it. Replies leave through the outbox in the same transaction.
 */
@Service
public class CouponUsage {

    private final UserCouponRepository userCoupons;
    private final CouponUseRepository uses;
    private final CouponCatalog catalog;
    private final Outbox outbox;
    private final Clock clock;

    public CouponUsage(UserCouponRepository userCoupons, CouponUseRepository uses, CouponCatalog catalog,
                       Outbox outbox, Clock clock) {
        this.userCoupons = userCoupons;
        this.uses = uses;
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Uses the user's coupon for the order: marks it USED with the time and the order, and replies the
     * discount ({@link CouponApplied}), or replies why not ({@link CouponRejected}).
     */
    @Transactional
    public void use(UseCoupon command) {
        CouponUse decision = uses.findById(command.orderId()).orElseGet(() -> uses.save(decide(command)));
        outbox.append(replyTo(decision));
    }

    /**
     * Gives the order's coupon back (UNUSED) if this order is the one using it, and replies
     * {@link CouponRestored} in every case, also when there was nothing to give back. An order compensated
     * before it used a coupon is closed: a UseCoupon arriving for it later is rejected.
     */
    @Transactional
    public void restore(RestoreCoupon command) {
        Instant now = clock.instant();
        Optional<CouponUse> decided = uses.findLocked(command.orderId());
        if (decided.isEmpty()) {
            uses.save(CouponUse.voided(command.orderId(), command.userCouponId(), now));
        } else if (decided.get().holdsCoupon()) {
            CouponUse use = decided.get();
            userCoupons.findLocked(use.userCouponId()).ifPresent(coupon -> coupon.restoreFrom(use.orderId()));
            use.markRestored(now);
        }
        outbox.append(new CouponRestored(command.orderId(), command.userCouponId()));
    }

    private CouponUse decide(UseCoupon command) {
        Instant now = clock.instant();
        try {
            UserCoupon coupon = userCoupons.findLocked(command.userCouponId()).orElseThrow(() -> new DomainException(
                    ErrorCode.COUPON_NOT_USABLE, "user coupon " + command.userCouponId() + " does not exist"));
            Money discount = coupon.use(command.orderId(), command.userId(), Money.won(command.orderAmount()),
                    catalog.terms(coupon.couponId()).policy(), now);
            return CouponUse.applied(command.orderId(), command.userCouponId(), discount, now);
        } catch (DomainException rejection) {
            return CouponUse.rejected(command.orderId(), command.userCouponId(), rejection.code(), rejection.detail(), now);
        }
    }

    private static SagaMessage replyTo(CouponUse use) {
        if (use.isCompensated()) {
            return new CouponRejected(use.orderId(), use.userCouponId(), ErrorCode.COUPON_NOT_USABLE,
                    "order " + use.orderId() + " was compensated; its coupon step is closed");
        }
        return switch (use.outcome()) {
            case APPLIED -> new CouponApplied(use.orderId(), use.userCouponId(), use.discount().won());
            case REJECTED -> new CouponRejected(use.orderId(), use.userCouponId(), use.reason(), use.detail());
            case VOIDED -> throw new IllegalStateException("a voided step is compensated");
        };
    }
}
