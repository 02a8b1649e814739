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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Publishes the outbox: Debezium's embedded engine tails {@code messaging.outbox} through the
 * service's replication slot ({@code pgoutput}), the outbox event router turns each insert into a
 * record for its topic keyed by its aggregate id, and an idempotent producer ({@code acks=all})
 * sends it. A batch is marked processed only after the broker has acknowledged every record in it,
 * so the offsets Debezium keeps in PostgreSQL never run ahead of Kafka: after a crash the relay
 * publishes again from its last committed offset (duplicates on the wire are the inbox's business;
 * a loss is impossible). A failed engine is restarted after a back-off for as long as the service runs.
 */
public final class OutboxRelay implements SmartLifecycle {

    /** Stops after the listeners and the web server (higher phases stop first), so their last messages go out. */
    public static final int PHASE = Integer.MAX_VALUE - 1000;
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";
    /** The outbox's occurred_at column, as the router places it. */
    public static final String OCCURRED_AT_HEADER = "occurredAt";

    private final Supplier<Properties> engineConfiguration;
    private final Supplier<Producer<String, String>> producers;
    private final MessagingMetrics metrics;
    private final Duration restartBackoff;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean streaming = new AtomicBoolean();
    private volatile Producer<String, String> producer;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Throwable lastFailure;
    private ExecutorService executor;

    public OutboxRelay(Supplier<Properties> engineConfiguration, Supplier<Producer<String, String>> producers,
                       MessagingMetrics metrics, MessagingProperties.Relay settings) {
        this.engineConfiguration = engineConfiguration;
        this.producers = producers;
        this.metrics = metrics;
        this.restartBackoff = settings.restartBackoff();
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        producer = producers.get();
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        executor.submit(this::runUntilStopped);
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
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether the engine is reading the slot right now: the relay's readiness. */
    public boolean isStreaming() {
        return streaming.get();
    }

    /** Why the engine last stopped against its will, if it did. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    private void runUntilStopped() {
        while (running.get()) {
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
                engine.run();
            } catch (RuntimeException e) {
                lastFailure = e;
                log.error("Outbox relay engine failed", e);
            } finally {
                streaming.set(false);
                closeEngine();
            }
            if (running.get()) {
                sleep(restartBackoff);
            }
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
