package dev.flashsale.messaging.relay;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.messaging.MessagingMetrics;
import dev.flashsale.messaging.MessagingProperties;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Publishes the outbox: Debezium's embedded engine tails {@code messaging.outbox} through the
 * service's replication slot ({@code pgoutput}), the outbox event router turns each insert into a
 * record for its topic keyed by its aggregate id, and an idempotent producer ({@code acks=all})
 * sends it. A batch is marked processed only after the broker has acknowledged every record in it,
 * so the offsets Debezium keeps in PostgreSQL never run ahead of Kafka: after a crash the relay
 * publishes again from its last committed offset (duplicates on the wire are the inbox's business;
 * a loss is impossible). A failed engine is restarted after a back-off for as long as the service runs.
 *
 * <p>Every instance of a service runs a relay, and one per database streams: the one that holds the
 * {@link RelayLeadership}. The others stand by, asking for the leadership every
 * {@code leadership-check-interval}, and the first to get it once the leader died or stopped streams from the
 * slot's last confirmed position. A leader that finds its lock session gone stops its engine at once.
 */
public final class OutboxRelay implements SmartLifecycle {

    /** Stops after the listeners and the web server (higher phases stop first), so their last messages go out. */
    public static final int PHASE = Integer.MAX_VALUE - 1000;
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";
    private static final Duration SLOT_RELEASE_POLL = Duration.ofMillis(100);
    /** The outbox's occurred_at column, as the router places it. */
    public static final String OCCURRED_AT_HEADER = "occurredAt";

    /** What this instance's relay does right now. */
    public enum Role {
        /** Another instance streams the slot (or none can right now); this one waits to take over. */
        STANDBY,
        /** This instance holds the leadership and streams the slot (or is starting to). */
        LEADER
    }

    private final Supplier<Properties> engineConfiguration;
    private final Supplier<Producer<String, String>> producers;
    private final Supplier<RelayLeadership> leaderships;
    private final RelayPacer pacer;
    private final MessagingMetrics metrics;
    private final Duration restartBackoff;
    private final Duration leadershipCheckInterval;
    private final Duration takeoverGrace;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean streaming = new AtomicBoolean();
    private volatile Role role = Role.STANDBY;
    private volatile Producer<String, String> producer;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Throwable lastFailure;
    private ExecutorService executor;

    /**
     * @param leaderships a new leadership (with its own connection) for each start
     * @param pacer       paces the engine (see {@link RelayConfiguration}); null runs Debezium's own polling
     */
    public OutboxRelay(Supplier<Properties> engineConfiguration, Supplier<Producer<String, String>> producers,
                       Supplier<RelayLeadership> leaderships, RelayPacer pacer, MessagingMetrics metrics,
                       MessagingProperties.Relay settings) {
        this.engineConfiguration = engineConfiguration;
        this.producers = producers;
        this.leaderships = leaderships;
        this.pacer = pacer;
        this.metrics = metrics;
        this.restartBackoff = settings.restartBackoff();
        this.leadershipCheckInterval = settings.leadershipCheckInterval();
        this.takeoverGrace = settings.takeoverGrace();
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        producer = producers.get();
        if (pacer != null) {
            pacer.register();
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, threads.getAndIncrement() == 0 ? "outbox-relay" : "outbox-relay-engine");
            thread.setDaemon(true);
            return thread;
        });
        RelayLeadership leadership = leaderships.get();
        executor.submit(() -> runUntilStopped(leadership));
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        closeEngine();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        producer = null;
        if (pacer != null) {
            pacer.unregister();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether this instance's engine is reading the slot right now. */
    public boolean isStreaming() {
        return streaming.get();
    }

    /** Whether this instance leads its database's relay. */
    public Role role() {
        return role;
    }

    /** Why the engine last stopped against its will, if it did. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /** The relay's pacer, or null when it runs Debezium's own polling. */
    public RelayPacer pacer() {
        return pacer;
    }

    /** Something was committed to the outbox in this JVM: a waiting relay looks at once. */
    public void walChanged() {
        if (pacer != null) {
            pacer.walChanged();
        }
    }

    private void runUntilStopped(RelayLeadership leadership) {
        try {
            while (running.get()) {
                if (!leadership.tryAcquire()) {
                    role = Role.STANDBY;
                    sleep(leadershipCheckInterval);
                    continue;
                }
                if (role != Role.LEADER) {
                    log.info("This instance leads the outbox relay now");
                    role = Role.LEADER;
                }
                if (!leadership.awaitSlotReleased(takeoverGrace, () -> sleep(SLOT_RELEASE_POLL))) {
                    continue;
                }
                if (streamWhileLeading(leadership)) {
                    role = Role.STANDBY;
                    log.warn("This instance lost the outbox relay's leadership; it stands by");
                    // Its connection just failed: a standby whose connection did not should lead first.
                    sleep(takeoverGrace);
                } else if (running.get()) {
                    sleep(restartBackoff);
                }
            }
        } finally {
            role = Role.STANDBY;
            leadership.release();
        }
    }

    /**
     * Runs an engine until it stops, the relay stops, or the leadership is lost; returns true in the last case.
     */
    private boolean streamWhileLeading(RelayLeadership leadership) {
        Future<?> run;
        try {
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(engineConfiguration.get())
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void pollingStarted() {
                            streaming.set(true);
                            log.info("Outbox relay is streaming");
                        }

                        @Override
                        public void pollingStopped() {
                            streaming.set(false);
                        }
                    })
                    .using((success, message, error) -> {
                        streaming.set(false);
                        if (!success && running.get()) {
                            lastFailure = error;
                            log.error("Outbox relay engine stopped: {}", message, error);
                        }
                    })
                    .notifying(this::publish)
                    .build();
            run = executor.submit(engine);
        } catch (RuntimeException e) {
            lastFailure = e;
            log.error("Outbox relay engine failed to start", e);
            closeEngine();
            return false;
        }
        try {
            while (running.get()) {
                try {
                    run.get(leadershipCheckInterval.toMillis(), TimeUnit.MILLISECONDS);
                    return false;
                } catch (TimeoutException e) {
                    if (!leadership.isHeld()) {
                        return true;
                    }
                } catch (ExecutionException e) {
                    lastFailure = e.getCause();
                    log.error("Outbox relay engine failed", e.getCause());
                    return false;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
            return false;
        } finally {
            streaming.set(false);
            closeEngine();
            awaitQuietly(run);
        }
    }

    private static void awaitQuietly(Future<?> run) {
        try {
            run.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            log.debug("The outbox relay engine ended with {}", e.toString());
        }
    }

    private void publish(List<RecordChangeEvent<SourceRecord>> events,
                         DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
        List<ProducerRecord<String, String>> sent = new ArrayList<>(events.size());
        for (RecordChangeEvent<SourceRecord> event : events) {
            SourceRecord source = event.record();
            if (source.value() == null || source.topic() == null || source.topic().startsWith(HEARTBEAT_TOPIC_PREFIX)) {
                continue;
            }
            ProducerRecord<String, String> record = toProducerRecord(source);
            sent.add(record);
            sends.add(producer.send(record));
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
            } catch (ExecutionException e) {
                // Nothing of this batch is marked processed: the restarted engine publishes it again.
                throw new IllegalStateException("Kafka refused " + sent.get(i).topic() + " " + sent.get(i).key(), e.getCause());
            }
            ProducerRecord<String, String> record = sent.get(i);
            metrics.published(record.topic(), Duration.between(occurredAt(record), Instant.now()));
        }
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    private static ProducerRecord<String, String> toProducerRecord(SourceRecord source) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            if (header.value() != null) {
                headers.add(header.key(), header.value().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        String key = source.key() == null ? null : source.key().toString();
        // The record's timestamp is the time of sending, never occurredAt: the broker refuses timestamps
        // far from its own clock, and one refused record would hold back every record after it.
        return new ProducerRecord<>(source.topic(), null, null, key, source.value().toString(), headers);
    }

    private static Instant occurredAt(ProducerRecord<String, String> record) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(OCCURRED_AT_HEADER);
        return header == null ? Instant.now()
                : OffsetDateTime.parse(new String(header.value(), StandardCharsets.UTF_8)).toInstant();
    }

    private void closeEngine() {
        DebeziumEngine<?> current = engine;
        engine = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                log.warn("Closing the outbox relay engine failed", e);
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** The header names the outbox router writes besides the event id. */
    static String headerPlacement() {
        return "type:header:" + Envelope.HEADER_TYPE
                + ",occurred_at:header:" + OCCURRED_AT_HEADER
                + ",traceparent:header:" + Envelope.HEADER_TRACEPARENT;
    }
}
