package dev.flashsale.messaging.scheduling;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Runs a scheduled job on one replica per tick, however many replicas schedule it. Time is cut into ticks of the
 * job's period on the database's clock (so replicas' clocks do not matter); the first replica whose scheduler fires
 * within a tick claims it with an insert into {@code messaging.scheduled_tick} (committed at once, in a transaction
 * of its own) and runs the job; the others find the tick claimed and skip it. Each replica keeps its own schedule:
 *
 * <pre>
 * &#64;Scheduled(fixedDelayString = "${flashsale.order.saga.sweep-interval}")
 * void sweep() {
 *     ticks.run("order.saga-sweeper", properties.sweepInterval(), sweeper::sweep);
 * }
 * </pre>
 *
 * A replica that dies between its claim and the job's end loses that tick's run (the next tick runs as usual): fit
 * for jobs that catch up on their next run (purges, sweepers, aggregations from a checkpoint). Unlike a lock, a
 * claim is not held while the job runs: a job longer than its period may overlap the next tick's, on another
 * replica, so such a job needs its own guard (a row lock, or {@code pg_try_advisory_xact_lock} in its transaction).
 */
public final class OncePerTick {

    private static final String CLAIM = """
            INSERT INTO messaging.scheduled_tick (job, tick, claimed_by)
            VALUES (?, floor(extract(epoch FROM clock_timestamp()) * 1000 / ?)::bigint, ?)
            ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final String replica = ManagementFactory.getRuntimeMXBean().getName();

    public OncePerTick(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Runs {@code job} if no replica ran {@code name} in the current tick of length {@code period}.
     *
     * @return whether this replica ran it
     */
    public boolean run(String name, Duration period, Runnable job) {
        if (period.toMillis() <= 0) {
            throw new IllegalArgumentException("a tick lasts at least a millisecond: " + period);
        }
        Integer claimed = ownTransaction.execute(status -> jdbc.update(CLAIM, name, period.toMillis(), replica));
        if (claimed == null || claimed == 0) {
            return false;
        }
        job.run();
        return true;
    }

    /** Forgets claims older than {@code age}; the housekeeping calls it. */
    public int forget(Duration age) {
        return jdbc.update("DELETE FROM messaging.scheduled_tick WHERE claimed_at < now() - make_interval(secs => ?)",
                (double) age.toSeconds());
    }
}
