package dev.flashsale.ranking.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.ranking.domain.Checkpoint;
import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.persistence.AggregationCheckpoint;
import dev.flashsale.ranking.persistence.DailySales;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sales aggregation batch (flow 7 and the daily aggregation of docs/flows.md): reads the checkpoint, adds
 * the sales logged since it to the daily rows of their product and day, and moves the checkpoint, all
 * in one transaction. A crash anywhere in it leaves both as they were, so the next run counts the same
 * sales once; a run that finds nothing still moves the checkpoint.
 *
 * <p>The checkpoint is a transaction id, not a time or a row id: a row counts once every transaction
 * that could still write a row below it has ended. Row ids and timestamps are taken before commit, so
 * a transaction that commits after a later one would hide below a checkpoint already past it.
 */
@Service
public class SalesAggregation {

    private static final Logger log = LoggerFactory.getLogger(SalesAggregation.class);

    private final AggregationCheckpoint checkpoints;
    private final DailySales dailySales;
    private final PopularProducts popularProducts;
    private final RankingMetrics metrics;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxRebuildDays;

    public SalesAggregation(AggregationCheckpoint checkpoints, DailySales dailySales, PopularProducts popularProducts,
                            RankingMetrics metrics, PlatformTransactionManager transactionManager, Clock clock,
                            RankingProperties properties) {
        this.checkpoints = checkpoints;
        this.dailySales = dailySales;
        this.popularProducts = popularProducts;
        this.metrics = metrics;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.maxRebuildDays = properties.rebuild().maxDays();
    }

    public AggregationRun run(AggregationTrigger trigger) {
        long started = System.nanoTime();
        AggregationRun run;
        try {
            run = transactions.execute(status -> aggregateSinceCheckpoint(trigger));
        } catch (RuntimeException e) {
            metrics.aggregationFailed(trigger, since(started));
            throw e;
        }
        run = run.took(since(started));
        metrics.aggregated(run);
        log.info("Aggregation ({}) added {} sales lines into {} daily rows, checkpoint {} -> {}, in {} ms",
                trigger, run.salesLines(), run.dailyRows(), run.fromCheckpoint(), run.toCheckpoint(), run.took().toMillis());
        refreshPopularProducts();
        return run;
    }

    /**
     * Recomputes the daily rows of {@code days} from the sales log, up to the checkpoint, under the
     * checkpoint's lock: the result is what the incremental runs would have written.
     */
    public RebuildRun rebuild(DayRange days) {
        if (days.days() > maxRebuildDays) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "a rebuild covers at most " + maxRebuildDays + " days, " + days.from() + " to " + days.to() + " is " + days.days());
        }
        RebuildRun rebuilt = transactions.execute(status -> {
            Checkpoint checkpoint = checkpoints.lock();
            int rows = dailySales.rebuild(days, checkpoint.aggregatedBelow());
            checkpoints.countChange();
            return new RebuildRun(days, rows, checkpoint.aggregatedBelow());
        });
        refreshPopularProducts();
        log.info("Rebuilt {} daily rows of {} to {} from the sales log below checkpoint {}",
                rebuilt.dailyRows(), days.from(), days.to(), rebuilt.checkpoint());
        return rebuilt;
    }

    private AggregationRun aggregateSinceCheckpoint(AggregationTrigger trigger) {
        Checkpoint checkpoint = checkpoints.lock();
        // Taken after the lock: a boundary read while another run held it could be behind that run's checkpoint.
        AggregationCheckpoint.Boundary committed = checkpoints.committedBoundary();
        long boundary = Math.max(checkpoint.aggregatedBelow(), committed.below());
        DailySales.Added added = dailySales.addSalesLoggedBetween(checkpoint.aggregatedBelow(), boundary);
        Instant now = clock.instant();
        checkpoints.moveTo(boundary, now);
        metrics.heldBack(committed.heldFor());
        return new AggregationRun(trigger, checkpoint.aggregatedBelow(), boundary, added.salesLines(), added.dailyRows(),
                now, Duration.ZERO);
    }

    /** The run has committed whatever happens here; a snapshot that failed to refresh catches up at its maximum age. */
    private void refreshPopularProducts() {
        try {
            popularProducts.refresh();
        } catch (RuntimeException e) {
            log.warn("The daily sales changed but the popular products could not be computed again; they will be when they expire", e);
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
