package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.domain.CouponTerms;
import dev.flashsale.coupon.domain.IssuanceRound;
import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.coupon.persistence.IssuanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * How a coupon is issued: first come, first served, exactly {@code totalQuantity} at most, one per user,
 * at flash-sale rates.
 *
 * <p>A request is checked against memory only (the coupon's fixed terms, the known users, whether the
 * coupon is known to be sold out) and then waits in its coupon's queue for its answer. Each coupon has at most one
 * writer at a time, which takes up to {@code maxBatchSize} waiting requests and decides them all in ONE
 * transaction: lock the coupon's row, read which of the requesters hold the coupon already, let
 * {@link IssuanceRound} give what remains to the earliest new requesters, insert their coupons in one
 * statement and add their number to the counter. Only after the commit is each request answered. So the
 * row lock and the commit's fsync are paid once per batch instead of once per request, and while one
 * batch commits the next one fills: the busier the coupon, the larger its batches.
 *
 * <p>The promises rest on the database, not on this class: every batch of every instance holds the
 * coupon row's lock while it writes, the counter cannot pass the total (check constraint) and a user
 * cannot hold a coupon twice (unique key). Several instances each batch their own requests and queue
 * on the row lock. A crash before the commit issues nothing; after it, the rows and the counter agree.
 *
 * <p>Every request gets a definite answer. A request still waiting after {@code queueTimeout} is
 * withdrawn and answered {@code SERVICE_UNAVAILABLE} (nothing was issued); a request taken into a batch
 * is always answered from the committed outcome. A batch whose transaction fails is tried again; if the
 * failure came from the commit itself, its outcome is unknown, so the retry answers a requester who now
 * holds the coupon with that coupon. Only if the database stays unreachable through every try does a
 * batch answer {@code SERVICE_UNAVAILABLE}, and then a retry by the client gets the definite answer.
 */
@Service
public class CouponIssuance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CouponIssuance.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final CouponCatalog catalog;
    private final KnownUsers knownUsers;
    private final IssuanceStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final IssuanceMetrics metrics;
    private final CouponProperties.Issuance settings;
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService writers;
    private final ScheduledExecutorService timekeeper;
    private volatile boolean closed;

    public CouponIssuance(CouponCatalog catalog, KnownUsers knownUsers, IssuanceStore store,
                          PlatformTransactionManager transactionManager, Clock clock, IssuanceMetrics metrics,
                          CouponProperties properties) {
        this.catalog = catalog;
        this.knownUsers = knownUsers;
        this.store = store;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.metrics = metrics;
        this.settings = properties.issuance();
        this.writers = Executors.newFixedThreadPool(settings.writers(), named("coupon-issue-writer-"));
        this.timekeeper = Executors.newSingleThreadScheduledExecutor(named("coupon-issue-timekeeper-"));
        long sweep = Math.max(10, settings.queueTimeout().toMillis() / 5);
        timekeeper.scheduleWithFixedDelay(this::withdrawOverdue, sweep, sweep, TimeUnit.MILLISECONDS);
        metrics.queued(() -> lanes.values().stream().mapToInt(lane -> lane.waiting.get()).sum());
    }

    /**
     * Issues coupon {@code couponId} to user {@code userId}.
     *
     * @return the coupon, once the batch that issued it has committed; or, completed exceptionally, a
     * {@link DomainException}: {@code COUPON_SOLD_OUT}, {@code COUPON_ALREADY_ISSUED}, or
     * {@code SERVICE_UNAVAILABLE} when the request could not be decided in time
     * @throws DomainException at once, for {@code COUPON_NOT_FOUND}, {@code USER_NOT_FOUND},
     *                         {@code COUPON_NOT_ISSUABLE}, {@code COUPON_SOLD_OUT} once the coupon is known to be
     *                         sold out, and {@code RATE_LIMITED} when too many requests wait for the coupon
     */
    public CompletableFuture<IssuedCoupon> issue(long couponId, long userId) {
        long arrived = System.nanoTime();
        try {
            if (closed) {
                throw new Refusal(ErrorCode.SERVICE_UNAVAILABLE, "coupon issuance is shutting down");
            }
            CouponTerms terms = catalog.terms(couponId);
            knownUsers.require(userId);
            if (!terms.window().isOpenAt(clock.instant())) {
                throw new Refusal(ErrorCode.COUPON_NOT_ISSUABLE, "coupon " + couponId + " can be issued from "
                        + terms.window().startsAt() + " until " + terms.window().endsAt());
            }
            Lane lane = lanes.computeIfAbsent(couponId, id -> new Lane(terms));
            // Sold out is final: coupons issued are never given back to the pool.
            if (lane.soldOut) {
                throw soldOut(couponId);
            }
            Request request = lane.enqueue(userId, arrived);
            schedule(lane);
            return request.answer;
        } catch (DomainException refused) {
            metrics.answered(IssuanceMetrics.outcomeOf(refused.code()), arrived);
            throw refused;
        }
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

    private void schedule(Lane lane) {
        if (!lane.writing.compareAndSet(false, true)) {
            return;
        }
        try {
            writers.execute(() -> writeNextBatch(lane));
        } catch (RejectedExecutionException shuttingDown) {
            lane.writing.set(false);
            lane.withdrawAll(this::answer);
        }
    }

    /**
     * Decides one batch, then hands the coupon back to the pool of writers, so that coupons with waiting
     * requests take turns on the writer threads.
     */
    private void writeNextBatch(Lane lane) {
        List<Request> batch = List.of();
        try {
            batch = lane.take(settings.maxBatchSize());
            if (!batch.isEmpty()) {
                decide(lane, batch);
            }
        } catch (RuntimeException unexpected) {
            log.error("Issuance writer of coupon {} failed unexpectedly", lane.terms.couponId(), unexpected);
            DomainException unavailable = new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
                    "coupon issuance failed unexpectedly; retry to learn whether a coupon was issued");
            batch.stream().filter(request -> !request.answer.isDone()).forEach(request -> answer(request, unavailable));
        } finally {
            lane.writing.set(false);
            if (!lane.queue.isEmpty()) {
                schedule(lane);
            }
        }
    }

    private void decide(Lane lane, List<Request> batch) {
        long couponId = lane.terms.couponId();
        if (lane.soldOut) {
            batch.forEach(request -> answer(request, soldOut(couponId)));
            return;
        }
        long started = System.nanoTime();
        boolean inDoubt = false;
        for (int attempt = 1; ; attempt++) {
            AtomicBoolean reachedCommit = new AtomicBoolean();
            Decision decision;
            try {
                decision = transactions.execute(status -> write(lane.terms, batch, reachedCommit));
            } catch (RuntimeException failure) {
                if (reachedCommit.get()) {
                    inDoubt = true;
                    batch.forEach(request -> request.inDoubt = true);
                }
                if (attempt >= settings.maxAttempts()) {
                    log.error("Batch of {} requests for coupon {} failed {} times; answering them SERVICE_UNAVAILABLE",
                            batch.size(), couponId, attempt, failure);
                    DomainException unavailable = new DomainException(ErrorCode.SERVICE_UNAVAILABLE, inDoubt
                            ? "the coupon database did not confirm this request; retry to learn its outcome"
                            : "the coupon database is unavailable; nothing was issued, retry");
                    batch.forEach(request -> answer(request, unavailable));
                    return;
                }
                log.warn("Batch of {} requests for coupon {} failed (try {} of {}{}); retrying", batch.size(), couponId,
                        attempt, settings.maxAttempts(), reachedCommit.get() ? ", at commit" : "", failure);
                pauseBeforeTry(attempt + 1);
                continue;
            }
            metrics.batch(batch.size(), started);
            if (decision.remainingAfter == 0) {
                lane.soldOut = true;
            }
            decision.answerAll();
            return;
        }
    }

    /** One try of a batch, inside its transaction. */
    private Decision write(CouponTerms terms, List<Request> batch, AtomicBoolean reachedCommit) {
        long couponId = terms.couponId();
        long remaining = store.lockRemaining(couponId);
        List<Long> requesters = new ArrayList<>(batch.size());
        batch.forEach(request -> requesters.add(request.userId));
        Map<Long, IssuedCoupon> holders = store.holdersAmong(couponId, new HashSet<>(requesters));
        IssuanceRound round = IssuanceRound.allot(requesters, holders.keySet(), remaining);
        Instant now = clock.instant();
        Map<Long, IssuedCoupon> created = store.insert(couponId, round.winners(), now, terms.expiryFor(now));
        store.countIssued(couponId, created.size());
        reachedCommit.set(true);
        return new Decision(couponId, batch, round, holders, created, remaining - created.size());
    }

    /** A committed batch: what each of its requests is answered. */
    private final class Decision {
        private final long couponId;
        private final List<Request> batch;
        private final IssuanceRound round;
        private final Map<Long, IssuedCoupon> holders;
        private final Map<Long, IssuedCoupon> created;
        private final long remainingAfter;

        Decision(long couponId, List<Request> batch, IssuanceRound round, Map<Long, IssuedCoupon> holders,
                 Map<Long, IssuedCoupon> created, long remainingAfter) {
            this.couponId = couponId;
            this.batch = batch;
            this.round = round;
            this.holders = holders;
            this.created = created;
            this.remainingAfter = remainingAfter;
        }

        void answerAll() {
            for (int position = 0; position < batch.size(); position++) {
                Request request = batch.get(position);
                switch (round.verdict(position)) {
                    case ISSUE -> {
                        IssuedCoupon coupon = created.get(request.userId);
                        if (coupon != null) {
                            answer(request, coupon);
                        } else {
                            // Only another writer ignoring the row lock could get here first; the unique key held.
                            answer(request, alreadyIssued(couponId, request.userId));
                        }
                    }
                    case ALREADY_ISSUED -> {
                        IssuedCoupon held = holders.get(request.userId);
                        if (request.inDoubt && held != null) {
                            // The earlier try of this very request may have committed: the coupon it holds is its answer.
                            answer(request, held);
                        } else {
                            answer(request, alreadyIssued(couponId, request.userId));
                        }
                    }
                    case SOLD_OUT -> answer(request, soldOut(couponId));
                }
            }
        }
    }

    private void answer(Request request, IssuedCoupon coupon) {
        metrics.answered(IssuanceMetrics.ISSUED, request.arrived);
        request.answer.complete(coupon);
    }

    private void answer(Request request, DomainException refusal) {
        metrics.answered(IssuanceMetrics.outcomeOf(refusal.code()), request.arrived);
        request.answer.completeExceptionally(refusal);
    }

    private void withdrawOverdue() {
        long overdueBefore = System.nanoTime() - settings.queueTimeout().toNanos();
        DomainException overdue = new Refusal(ErrorCode.SERVICE_UNAVAILABLE,
                "the request waited " + settings.queueTimeout().toMillis() + " ms for its turn; nothing was issued, retry");
        for (Lane lane : lanes.values()) {
            for (Request request : lane.queue) {
                if (request.arrived - overdueBefore > 0) {
                    break;
                }
                if (request.withdraw()) {
                    answer(request, overdue);
                }
            }
        }
    }

    private void pauseBeforeTry(int attempt) {
        try {
            Thread.sleep(settings.retryBackoff().toMillis() << Math.min(attempt - 2, 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking requests, lets the writers decide what is already waiting (up to a grace period) and
     * answers whatever is left {@code SERVICE_UNAVAILABLE}: nothing accepted goes unanswered.
     */
    @Override
    public void close() {
        closed = true;
        long giveUpAt = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        while (lanes.values().stream().anyMatch(Lane::busy) && System.nanoTime() - giveUpAt < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timekeeper.shutdownNow();
        writers.shutdown();
        try {
            if (!writers.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Issuance writers still busy after {}", SHUTDOWN_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.values().forEach(lane -> lane.withdrawAll(this::answer));
    }

    private static DomainException soldOut(long couponId) {
        return new Refusal(ErrorCode.COUPON_SOLD_OUT, "coupon " + couponId + " is sold out");
    }

    private static DomainException alreadyIssued(long couponId, long userId) {
        return new Refusal(ErrorCode.COUPON_ALREADY_ISSUED, "user " + userId + " already has coupon " + couponId);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One coupon's waiting requests and whether a writer is on it. */
    private final class Lane {
        final CouponTerms terms;
        final Queue<Request> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicBoolean writing = new AtomicBoolean();
        volatile boolean soldOut;

        Lane(CouponTerms terms) {
            this.terms = terms;
        }

        Request enqueue(long userId, long arrived) {
            if (waiting.incrementAndGet() > settings.maxQueuedPerCoupon()) {
                waiting.decrementAndGet();
                throw new Refusal(ErrorCode.RATE_LIMITED,
                        "too many requests are waiting for coupon " + terms.couponId() + "; try again shortly");
            }
            Request request = new Request(userId, arrived);
            queue.add(request);
            return request;
        }

        /** Up to {@code max} waiting requests, oldest first; withdrawn ones are dropped on the way. */
        List<Request> take(int max) {
            List<Request> batch = new ArrayList<>(Math.min(max, waiting.get()));
            Request request;
            while (batch.size() < max && (request = queue.poll()) != null) {
                waiting.decrementAndGet();
                if (request.take()) {
                    batch.add(request);
                }
            }
            return batch;
        }

        void withdrawAll(BiConsumer<Request, DomainException> answer) {
            DomainException unavailable = new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
                    "coupon issuance is shutting down; nothing was issued, retry");
            Request request;
            while ((request = queue.poll()) != null) {
                waiting.decrementAndGet();
                if (request.withdraw()) {
                    answer.accept(request, unavailable);
                }
            }
        }

        boolean busy() {
            return writing.get() || !queue.isEmpty();
        }
    }

    /** One issue request: waiting, then taken into a batch by the writer or withdrawn by the timekeeper. */
    private static final class Request {
        private static final int WAITING = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        final long userId;
        final long arrived;
        final CompletableFuture<IssuedCoupon> answer = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** Set when a try of its batch failed at commit: that try may have issued the coupon. Writer-only. */
        boolean inDoubt;

        Request(long userId, long arrived) {
            this.userId = userId;
            this.arrived = arrived;
        }

        boolean take() {
            return state.compareAndSet(WAITING, TAKEN);
        }

        boolean withdraw() {
            return state.compareAndSet(WAITING, WITHDRAWN);
        }
    }
}
