package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.domain.CouponTerms;
import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.groupcommit.GroupCommit;
import dev.flashsale.groupcommit.GroupCommitException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How a coupon is issued: first come, first served, exactly {@code totalQuantity} at most, one per user, at
 * flash-sale rates, and every request answered once, truthfully.
 *
 * <p>A request is first checked against memory only, in the order of the flows (docs/services/coupon-service.md): the coupon's fixed terms
 * ({@link CouponCatalog}), whether the user exists ({@link KnownUsers}), the issue window; then whether the user is
 * known to hold the coupon (answered {@code COUPON_ALREADY_ISSUED}, sold out or not), then whether the coupon is
 * known to be sold out with all its holders known (everyone else: {@code COUPON_SOLD_OUT}). See
 * {@link CouponHolders} for why these hints cannot lie. Every other request goes to the group-commit engine, which
 * decides it in its coupon's next batch ({@link IssuanceBatch}) and answers it once that batch has committed.
 *
 * <p>The engine answers every request within {@code queue-timeout + batch-timeout}: with its coupon, a refusal, or
 * {@code SERVICE_UNAVAILABLE} saying whether anything may have happened ("nothing was issued, retry" or "retry to
 * learn the outcome"). A retry always gets the definite answer: a user holds at most one, and a holder is always
 * told so.
 */
@Service
public class CouponIssuance {

    private final CouponCatalog catalog;
    private final KnownUsers knownUsers;
    private final CouponHolders holders;
    private final GroupCommit<Long, Long, IssuedCoupon> engine;
    private final Clock clock;
    private final IssuanceMetrics metrics;

    public CouponIssuance(CouponCatalog catalog, KnownUsers knownUsers, CouponHolders holders,
                          GroupCommit<Long, Long, IssuedCoupon> couponIssueEngine, Clock clock, IssuanceMetrics metrics) {
        this.catalog = catalog;
        this.knownUsers = knownUsers;
        this.holders = holders;
        this.engine = couponIssueEngine;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Issues coupon {@code couponId} to user {@code userId}.
     *
     * @return the coupon, once the batch that issued it has committed; or, completed exceptionally, a
     * {@link DomainException}: {@code COUPON_SOLD_OUT}, {@code COUPON_ALREADY_ISSUED}, {@code RATE_LIMITED} (too many
     * requests wait for the coupon) or {@code SERVICE_UNAVAILABLE}
     * @throws DomainException at once, for {@code COUPON_NOT_FOUND}, {@code USER_NOT_FOUND}, {@code COUPON_NOT_ISSUABLE},
     *                         and for {@code COUPON_ALREADY_ISSUED} or {@code COUPON_SOLD_OUT} known from memory
     */
    public CompletableFuture<IssuedCoupon> issue(long couponId, long userId) {
        long arrived = System.nanoTime();
        try {
            CouponTerms terms = catalog.terms(couponId);
            knownUsers.require(userId);
            if (!terms.window().isOpenAt(clock.instant())) {
                throw new Refusal(ErrorCode.COUPON_NOT_ISSUABLE, "coupon " + couponId + " can be issued from "
                        + terms.window().startsAt() + " until " + terms.window().endsAt());
            }
            CouponHolders.Known known = holders.of(terms);
            if (known.holds(userId)) {
                throw alreadyIssued(couponId, userId);
            }
            if (known.soldOutToEveryoneElse()) {
                throw soldOut(couponId);
            }
        } catch (DomainException refused) {
            metrics.answered(IssuanceMetrics.outcomeOf(refused.code()), arrived);
            throw refused;
        }
        CompletableFuture<IssuedCoupon> answer = new CompletableFuture<>();
        engine.submit(couponId, userId).whenComplete((coupon, failure) -> {
            if (failure == null) {
                metrics.answered(IssuanceMetrics.ISSUED, arrived);
                answer.complete(coupon);
            } else {
                DomainException refusal = refusalFor(couponId, failure);
                metrics.answered(IssuanceMetrics.outcomeOf(refusal.code()), arrived);
                answer.completeExceptionally(refusal);
            }
        });
        return answer;
    }

    /**
     * {@link #issue} for a caller that waits for the answer on its own thread (a servlet thread; a virtual
     * thread on Java 21+).
     *
     * @throws DomainException the refusal, whether it came at once or from the request's batch
     */
    public IssuedCoupon issueAndWait(long couponId, long userId) {
        try {
            return issue(couponId, userId).join();
        } catch (CompletionException answered) {
            if (answered.getCause() instanceof DomainException refusal) {
                throw refusal;
            }
            throw answered;
        }
    }

    /** The answer a client gets for what the engine or the batch said. */
    private static DomainException refusalFor(long couponId, Throwable failure) {
        if (failure instanceof DomainException refusal) {
            return refusal;
        }
        if (!(failure instanceof GroupCommitException engine)) {
            return new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
                    "coupon issuance failed unexpectedly; retry to learn whether a coupon was issued");
        }
        return switch (engine.reason()) {
            case QUEUE_FULL -> new Refusal(ErrorCode.RATE_LIMITED,
                    "too many requests are waiting for coupon " + couponId + "; nothing was issued, try again shortly");
            case QUEUE_TIMEOUT -> new Refusal(ErrorCode.SERVICE_UNAVAILABLE,
                    "the request waited too long for its turn; nothing was issued, retry");
            case STOPPED -> new Refusal(ErrorCode.SERVICE_UNAVAILABLE,
                    "coupon issuance is shutting down; nothing was issued, retry");
            case FAILED -> new Refusal(ErrorCode.SERVICE_UNAVAILABLE,
                    "the coupon database is unavailable; nothing was issued, retry");
            case OUTCOME_UNKNOWN -> new Refusal(ErrorCode.SERVICE_UNAVAILABLE,
                    "the coupon database did not confirm this request in time; retry to learn its outcome");
        };
    }

    static Refusal soldOut(long couponId) {
        return new Refusal(ErrorCode.COUPON_SOLD_OUT, "coupon " + couponId + " is sold out");
    }

    static Refusal alreadyIssued(long couponId, long userId) {
        return new Refusal(ErrorCode.COUPON_ALREADY_ISSUED, "user " + userId + " already has coupon " + couponId);
    }
}
