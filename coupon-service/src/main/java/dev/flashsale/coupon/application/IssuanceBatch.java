package dev.flashsale.coupon.application;

import dev.flashsale.coupon.domain.CouponTerms;
import dev.flashsale.coupon.domain.IssuanceRound;
import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.coupon.persistence.IssuanceStore;
import dev.flashsale.groupcommit.Attempt;
import dev.flashsale.groupcommit.BatchHandler;
import dev.flashsale.groupcommit.InDoubtException;
import dev.flashsale.groupcommit.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who of one batch of issue requests for one coupon gets one: what the group-commit engine runs for a coupon, at
 * most one batch per coupon at a time in this instance.
 *
 * <p>In ONE transaction: bound its statements by the batch's time left; lock the coupon's row
 * ({@code FOR NO KEY UPDATE}), which every writer of its user coupons in every instance takes first, so what the
 * batch reads stays true until it commits; read which requesters hold the coupon already; let
 * {@link IssuanceRound} give what remains to the earliest new requesters; insert their coupons in one statement;
 * add their number to the counter; commit. The engine answers the requests only after that commit.
 *
 * <p>A coupon known to be sold out needs no lock and no write: the batch only reads which requesters hold one
 * (they are answered {@code COUPON_ALREADY_ISSUED}, everyone else {@code COUPON_SOLD_OUT}).
 *
 * <p>A try that fails while committing may have committed. It tells the engine which user coupons it inserted;
 * the next try, reading the holders again, answers a requester holding one of exactly those with that coupon
 * (it was this request's), and any other holder {@code COUPON_ALREADY_ISSUED}.
 */
@Component
class IssuanceBatch implements BatchHandler<Long, Long, IssuedCoupon> {

    private static final Logger log = LoggerFactory.getLogger(IssuanceBatch.class);

    private final CouponCatalog catalog;
    private final CouponHolders holders;
    private final IssuanceStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IssuanceBatch(CouponCatalog catalog, CouponHolders holders, IssuanceStore store,
                  PlatformTransactionManager transactionManager, Clock clock) {
        this.catalog = catalog;
        this.holders = holders;
        this.store = store;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Override
    public List<Outcome<IssuedCoupon>> decide(Long couponId, List<Long> requesters, Attempt attempt) throws InDoubtException {
        CouponTerms terms = catalog.terms(couponId);
        CouponHolders.Known known = holders.of(terms);
        if (known.soldOut() && !attempt.isInDoubt()) {
            return soldOut(couponId, requesters, known);
        }
        Written written = new Written();
        Decision decision;
        try {
            decision = transactions.execute(transaction -> write(terms, requesters, attempt, written));
        } catch (RuntimeException failure) {
            if (written.reachedCommit) {
                throw new InDoubtException(written.couponIds, failure);
            }
            throw failure;
        }
        learn(couponId, known, decision);
        return decision.outcomes(alreadyAnswered(attempt));
    }

    /** One try, inside its transaction. */
    private Decision write(CouponTerms terms, List<Long> requesters, Attempt attempt, Written written) {
        long couponId = terms.couponId();
        // A fifth of the time left is kept for the statements after a long lock wait and the commit: a batch stuck on
        // the row fails and rolls back (its requests are told nothing was issued) before the engine's deadline
        // would have to answer it "outcome unknown".
        store.boundStatements(attempt.remaining().multipliedBy(4).dividedBy(5));
        long remaining = store.lockRemaining(couponId);
        Map<Long, IssuedCoupon> holding = store.holdersAmong(couponId, new HashSet<>(requesters));
        IssuanceRound round = IssuanceRound.allot(requesters, holding.keySet(), remaining);
        // The database keeps microseconds: an answer built from this instant equals the row read back later.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<Long, IssuedCoupon> created = store.insert(couponId, round.winners(), now, terms.expiryFor(now));
        store.countIssued(couponId, created.size());
        created.values().forEach(coupon -> written.couponIds.add(coupon.userCouponId()));
        written.reachedCommit = true;
        return new Decision(couponId, requesters, round, holding, created, remaining - created.size());
    }

    /** Remembers what the committed batch showed: its holders, and whether the coupon is now sold out. */
    private void learn(long couponId, CouponHolders.Known known, Decision decision) {
        known.holdersSeen(decision.holding.keySet());
        known.holdersSeen(decision.created.keySet());
        if (decision.remainingAfter > 0) {
            return;
        }
        known.soldOutSeen();
        if (known.followed()) {
            try {
                known.allHoldersSeen(store.allHolders(couponId));
            } catch (RuntimeException e) {
                // The batch has committed; its answers stand. Without the full list, later requests ask the index.
                log.warn("Could not read the holders of sold-out coupon {}; asking the database per batch instead", couponId, e);
            }
        }
    }

    /** A coupon known to be sold out: the holders among the requesters, without a lock or a write. */
    private List<Outcome<IssuedCoupon>> soldOut(long couponId, List<Long> requesters, CouponHolders.Known known) {
        Set<Long> holding = store.holdersAmong(couponId, new HashSet<>(requesters)).keySet();
        known.holdersSeen(holding);
        List<Outcome<IssuedCoupon>> outcomes = new ArrayList<>(requesters.size());
        Refusal soldOut = CouponIssuance.soldOut(couponId);
        for (Long user : requesters) {
            outcomes.add(Outcome.refused(holding.contains(user) ? CouponIssuance.alreadyIssued(couponId, user) : soldOut));
        }
        return outcomes;
    }

    /** The user coupons that earlier tries of this batch inserted, and may have committed. */
    private static Set<Long> alreadyAnswered(Attempt attempt) {
        Set<Long> ids = new HashSet<>();
        for (Object written : attempt.inDoubt()) {
            @SuppressWarnings("unchecked")
            Set<Long> couponIds = (Set<Long>) written;
            ids.addAll(couponIds);
        }
        return ids;
    }

    /** What one try wrote before it tried to commit. */
    private static final class Written {
        final Set<Long> couponIds = new HashSet<>();
        boolean reachedCommit;
    }

    /** A committed batch: what each of its requests is answered. */
    private record Decision(long couponId, List<Long> requesters, IssuanceRound round, Map<Long, IssuedCoupon> holding,
                            Map<Long, IssuedCoupon> created, long remainingAfter) {

        /**
         * @param insertedByEarlierTries user coupons an earlier, in-doubt try of this batch inserted: a requester now
         *                               holding one of those got it from this batch, so the first of their requests
         *                               is answered with it
         */
        List<Outcome<IssuedCoupon>> outcomes(Set<Long> insertedByEarlierTries) {
            List<Outcome<IssuedCoupon>> outcomes = new ArrayList<>(requesters.size());
            Set<Long> answeredIssued = new HashSet<>();
            Refusal soldOut = CouponIssuance.soldOut(couponId);
            for (int position = 0; position < requesters.size(); position++) {
                long user = requesters.get(position);
                outcomes.add(switch (round.verdict(position)) {
                    case ISSUE -> {
                        IssuedCoupon coupon = created.get(user);
                        // Only a writer ignoring the row lock could have inserted first; the unique key held.
                        yield coupon != null ? Outcome.answered(coupon) : Outcome.refused(CouponIssuance.alreadyIssued(couponId, user));
                    }
                    case ALREADY_ISSUED -> {
                        IssuedCoupon held = holding.get(user);
                        boolean ours = held != null && insertedByEarlierTries.contains(held.userCouponId());
                        yield ours && answeredIssued.add(user) ? Outcome.answered(held)
                                : Outcome.refused(CouponIssuance.alreadyIssued(couponId, user));
                    }
                    case SOLD_OUT -> Outcome.refused(soldOut);
                });
            }
            return outcomes;
        }
    }
}
