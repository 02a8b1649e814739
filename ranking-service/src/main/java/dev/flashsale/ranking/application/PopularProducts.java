package dev.flashsale.ranking.application;

import dev.flashsale.ranking.domain.Checkpoint;
import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.domain.RankedProduct;
import dev.flashsale.ranking.domain.TopProducts;
import dev.flashsale.ranking.persistence.AggregationCheckpoint;
import dev.flashsale.ranking.persistence.DailySales;
import dev.flashsale.ranking.persistence.SalesLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The top products of today's window (flow 6 of docs/flows.md), precomputed: a read costs one comparison of
 * the clock with the snapshot's validity. The snapshot is computed again after every aggregation and
 * rebuild here, when another instance aggregated or rebuilt (a read finds it out by asking the database
 * for the checkpoint's generation, at most once per {@code recheck}), when the day changes, and when it
 * is older than its maximum age; never by more than one thread at a time, so the reads at midnight make
 * one query, not thousands. While one thread checks or computes it again for the same window, the others
 * go on reading the one there is.
 */
@Service
public class PopularProducts {

    private static final Logger log = LoggerFactory.getLogger(PopularProducts.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final DailySales dailySales;
    private final SalesLog salesLog;
    private final AggregationCheckpoint checkpoints;
    private final RankingMetrics metrics;
    private final TransactionTemplate consistentReads;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration maxAge;
    private final Duration recheck;
    private final AtomicReference<PopularSnapshot> current = new AtomicReference<>();
    /** When the snapshot's generation was last found to be the database's; written under {@link #computing}. */
    private volatile Instant checkedAt = Instant.MIN;
    private final ReentrantLock computing = new ReentrantLock();

    public PopularProducts(DailySales dailySales, SalesLog salesLog, AggregationCheckpoint checkpoints,
                           RankingMetrics metrics, PlatformTransactionManager transactionManager, Clock clock,
                           RankingProperties properties) {
        this.dailySales = dailySales;
        this.salesLog = salesLog;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.consistentReads = ConsistentReads.in(transactionManager);
        this.clock = clock;
        this.zone = properties.zone();
        this.maxAge = properties.popular().maxAge();
        this.recheck = properties.popular().recheck();
    }

    public PopularSnapshot current() {
        Instant now = clock.instant();
        PopularSnapshot snapshot = current.get();
        if (snapshot != null && snapshot.isValidAt(now)) {
            return now.isBefore(checkedAt.plus(recheck)) ? snapshot : checkedOrNew(snapshot);
        }
        boolean sameWindow = snapshot != null && snapshot.window().equals(windowOn(now));
        if (sameWindow) {
            if (!computing.tryLock()) {
                return snapshot;
            }
        } else {
            computing.lock();
        }
        try {
            PopularSnapshot latest = current.get();
            Instant at = clock.instant();
            if (latest != null && latest.isValidAt(at)) {
                return latest;
            }
            return latest != null && latest.window().equals(windowOn(at)) ? computeOrKeep(latest) : compute();
        } finally {
            computing.unlock();
        }
    }

    /**
     * Another instance may have aggregated or rebuilt since the snapshot was computed. One reader asks the
     * database for the checkpoint's generation and computes the snapshot again if it moved; the others go
     * on reading the snapshot meanwhile. If the database does not answer, the snapshot is served on and
     * checked again after the interval.
     */
    private PopularSnapshot checkedOrNew(PopularSnapshot snapshot) {
        if (!computing.tryLock()) {
            return snapshot;
        }
        try {
            PopularSnapshot latest = current.get();
            if (latest != snapshot) {
                return latest;
            }
            Instant now = clock.instant();
            long generation;
            try {
                generation = checkpoints.generation();
            } catch (RuntimeException e) {
                log.warn("Could not check whether the popular products changed; serving those computed at {}", snapshot.computedAt(), e);
                checkedAt = now;
                return snapshot;
            }
            if (generation == snapshot.generation()) {
                checkedAt = now;
                return snapshot;
            }
            return computeOrKeep(snapshot);
        } finally {
            computing.unlock();
        }
    }

    /** Computes the snapshot again now: the daily sales have changed. */
    public PopularSnapshot refresh() {
        computing.lock();
        try {
            return compute();
        } finally {
            computing.unlock();
        }
    }

    /** The first request after a start is as cheap as every other. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        refresh();
    }

    /**
     * A snapshot of today's window that could not be computed again (the database does not answer) is
     * served a little longer rather than failing every read; a new day's window has no such fallback.
     */
    private PopularSnapshot computeOrKeep(PopularSnapshot stale) {
        try {
            return compute();
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            PopularSnapshot kept = stale.keptUntil(earliest(now.plus(RETRY_AFTER_FAILURE), endOf(stale.window())));
            current.set(kept);
            checkedAt = now;
            log.warn("Could not compute the popular products; serving those computed at {} until {}", stale.computedAt(),
                    kept.validUntil(), e);
            return kept;
        }
    }

    private PopularSnapshot compute() {
        Instant now = clock.instant();
        DayRange window = windowOn(now);
        Instant validUntil = earliest(now.plus(maxAge), endOf(window));
        PopularSnapshot snapshot = consistentReads.execute(status -> {
            List<RankedProduct> ranking = TopProducts.of(dailySales.in(window));
            Map<Long, String> names = salesLog.latestNames(ranking.stream().map(RankedProduct::productId).toList());
            Checkpoint checkpoint = checkpoints.read();
            return new PopularSnapshot(window, ranking, names, checkpoint.movedAt(), now, validUntil, checkpoint.generation());
        });
        current.set(snapshot);
        checkedAt = now;
        metrics.checkpointMovedAt(snapshot.asOf());
        return snapshot;
    }

    private DayRange windowOn(Instant now) {
        return TopProducts.windowEndingOn(LocalDate.ofInstant(now, zone));
    }

    /** When the window's last day ends and the next window begins. */
    private Instant endOf(DayRange window) {
        return window.to().plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static Instant earliest(Instant one, Instant other) {
        return one.isBefore(other) ? one : other;
    }
}
