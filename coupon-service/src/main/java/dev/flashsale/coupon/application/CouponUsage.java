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
import dev.flashsale.coupon.persistence.CouponUseStore;
import dev.flashsale.messaging.Outbox;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The coupon step of the order saga. Each command is decided once per order: the decision is kept in
 * {@code coupon_use} (one row per order id) and every later command for the same order, whatever its
 * event id, is answered from it. Replies leave through the outbox in the same transaction.
 *
 * <p>A first UseCoupon costs two statements besides the inbox row and the reply: one reads the order's step and
 * the user coupon, one writes the decision, conditionally (the coupon is taken only if still UNUSED, the
 * decision recorded only if the order has none). {@link UserCoupon#use} decides in between, on what was read; if
 * the coupon changed meanwhile, the step reads and decides again. A RestoreCoupon is one statement, or two when
 * the order has a step to compensate.
 */
@Service
public class CouponUsage {

    /** Reads and decisions of one command before it gives up (each retry means another order took the coupon). */
    private static final int MAX_DECISIONS = 3;

    private final CouponUseStore store;
    private final CouponCatalog catalog;
    private final Outbox outbox;
    private final Clock clock;

    public CouponUsage(CouponUseStore store, CouponCatalog catalog, Outbox outbox, Clock clock) {
        this.store = store;
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
        for (int decision = 1; ; decision++) {
            CouponUseStore.Step step = store.read(command.orderId(), command.userCouponId());
            if (step.decided().isPresent()) {
                outbox.append(replyTo(step.decided().get()));
                return;
            }
            CouponUse decided = decide(command, step.coupon().orElse(null));
            boolean written = decided.outcome() == CouponUse.Outcome.APPLIED
                    ? store.apply(decided, step.coupon().orElseThrow()) == CouponUseStore.Applied.APPLIED
                    : store.record(decided);
            if (written) {
                outbox.append(replyTo(decided));
                return;
            }
            if (decision == MAX_DECISIONS) {
                throw new ConcurrencyFailureException("the coupon step of order " + command.orderId()
                        + " kept changing while it was decided; the command will be retried");
            }
        }
    }

    /**
     * Gives the order's coupon back (UNUSED) if this order is the one using it, and replies
     * {@link CouponRestored} in every case, also when there was nothing to give back. An order compensated
     * before it used a coupon is closed: a UseCoupon arriving for it later is rejected.
     */
    @Transactional
    public void restore(RestoreCoupon command) {
        store.restore(command.orderId(), command.userCouponId(), now());
        outbox.append(new CouponRestored(command.orderId(), command.userCouponId()));
    }

    private CouponUse decide(UseCoupon command, UserCoupon coupon) {
        Instant now = now();
        try {
            if (coupon == null) {
                throw new DomainException(ErrorCode.COUPON_NOT_USABLE, "user coupon " + command.userCouponId() + " does not exist");
            }
            Money discount = coupon.use(command.orderId(), command.userId(), Money.won(command.orderAmount()),
                    catalog.terms(coupon.couponId()).policy(), now);
            return CouponUse.applied(command.orderId(), command.userCouponId(), discount, now);
        } catch (DomainException rejection) {
            return CouponUse.rejected(command.orderId(), command.userCouponId(), rejection.code(), rejection.detail(), now);
        }
    }

    /** The database keeps microseconds: a decision answered now reads back the same later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
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
