package dev.flashsale.ranking.application;

import dev.flashsale.ranking.domain.Checkpoint;
import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.domain.RankedProduct;
import dev.flashsale.ranking.domain.TopProducts;
import dev.flashsale.ranking.persistence.AggregationCheckpoint;
import dev.flashsale.ranking.persistence.DailySales;
import dev.flashsale.ranking.persistence.SalesLog;
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
 * The top products of today's window (seed 000 flow 6), precomputed: a read costs one comparison of
 * the clock with the snapshot's validity. The snapshot is computed again after every aggregation and
 * rebuild, when the day changes, and when it is older than its maximum age; never by more than one
 * thread at a time, so the reads at midnight make one query, not thousands.
 */
@Service
public class PopularProducts {

    private final DailySales dailySales;
    private final SalesLog salesLog;
    private final AggregationCheckpoint checkpoints;
    private final RankingMetrics metrics;
    private final TransactionTemplate consistentReads;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration maxAge;
    private final AtomicReference<PopularSnapshot> current = new AtomicReference<>();
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
    }

    public PopularSnapshot current() {
        PopularSnapshot snapshot = current.get();
        if (snapshot != null && snapshot.isValidAt(clock.instant())) {
            return snapshot;
        }
        computing.lock();
        try {
            snapshot = current.get();
            if (snapshot != null && snapshot.isValidAt(clock.instant())) {
                return snapshot;
            }
            return compute();
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

    private PopularSnapshot compute() {
        Instant now = clock.instant();
        DayRange window = TopProducts.windowEndingOn(LocalDate.ofInstant(now, zone));
        Instant windowMoves = window.to().plusDays(1).atStartOfDay(zone).toInstant();
        Instant expires = now.plus(maxAge);
        PopularSnapshot snapshot = consistentReads.execute(status -> {
            List<RankedProduct> ranking = TopProducts.of(dailySales.in(window));
            Map<Long, String> names = salesLog.latestNames(ranking.stream().map(RankedProduct::productId).toList());
            Checkpoint checkpoint = checkpoints.read();
            return new PopularSnapshot(window, ranking, names, checkpoint.movedAt(), now,
                    expires.isBefore(windowMoves) ? expires : windowMoves);
        });
        current.set(snapshot);
        metrics.checkpointMovedAt(snapshot.asOf());
        return snapshot;
    }
}
