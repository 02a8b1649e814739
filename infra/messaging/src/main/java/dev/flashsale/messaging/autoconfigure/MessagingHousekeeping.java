package dev.flashsale.messaging.autoconfigure;

import dev.flashsale.messaging.MessagingProperties;
import dev.flashsale.messaging.scheduling.OncePerTick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the messaging tables small: outbox rows (already in the WAL and on Kafka), inbox rows and
 * idempotency keys older than their retention are deleted in batches, so no purge holds a long lock.
 * Deleting an outbox row the relay has not published yet loses nothing: the relay reads the WAL.
 * Every replica schedules it; one per {@code retention.interval} runs it ({@link OncePerTick}).
 */
public final class MessagingHousekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessagingHousekeeping.class);

    private static final String JOB = "messaging.housekeeping";
    private static final Duration TICK_CLAIMS_KEPT = Duration.ofDays(1);

    private final JdbcTemplate jdbc;
    private final MessagingProperties.Retention retention;
    private final Clock clock;
    private final OncePerTick ticks;
    private ScheduledExecutorService scheduler;

    public MessagingHousekeeping(JdbcTemplate jdbc, MessagingProperties.Retention retention, Clock clock, OncePerTick ticks) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
        this.ticks = ticks;
    }

    /** Deletes everything past its retention; returns how many rows went. */
    public int purge() {
        Instant now = clock.instant();
        return purge("outbox", "id", "occurred_at", now.minus(retention.outbox()))
                + purge("inbox", "consumer, event_id", "received_at", now.minus(retention.inbox()))
                + purge("idempotency_key", "scope, key", "created_at", now.minus(retention.idempotencyKeys()))
                + ticks.forget(TICK_CLAIMS_KEPT);
    }

    private int purge(String table, String key, String timeColumn, Instant before) {
        String sql = "DELETE FROM messaging." + table + " WHERE (" + key + ") IN (SELECT " + key
                + " FROM messaging." + table + " WHERE " + timeColumn + " < ? LIMIT ?)";
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(sql, Timestamp.from(before), retention.batchSize());
            total += deleted;
        } while (deleted == retention.batchSize());
        return total;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "messaging-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        long period = retention.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    private void purgeQuietly() {
        try {
            ticks.run(JOB, retention.interval(), () -> {
                int deleted = purge();
                if (deleted > 0) {
                    log.info("Purged {} messaging rows past their retention", deleted);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Purging messaging tables failed; trying again in {}", retention.interval(), e);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
