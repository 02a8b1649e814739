package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.testkit.LatencyRecorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row 7's second half, commit to consume through a running service's relay at {@code rate} events a second:
 * rows written straight into balance-service's {@code messaging.outbox}, one per transaction (what
 * {@code Outbox.append} writes, for a topic no service reads), published by that service's own Debezium relay,
 * read back by a plain consumer here. Each row carries the driver's clock just before its commit; the latency is
 * the consumer's clock when the record arrives minus that. No HTTP endpoint of the stack writes 1,000 outbox
 * rows a second on two cores beside everything else, and this measures the path the issue is about (the relay
 * picking up a commit), in the service that runs it, not the HTTP layer in front.
 */
final class RelayLatency {

    static final String WHAT = "commit -> consume p99 at 1,000 events/s (balance-service's relay)";
    static final String AIM = "<= 50 ms";
    static final String TOPIC = "perf.relay-probe.v1";
    private static final Pattern SENT = Pattern.compile("\"sentAtMicros\"\\s*:\\s*(\\d+)");
    private static final int WRITERS = 8;

    private RelayLatency() {
    }

    static PerfRow run(PerfContext context, int rate, Duration leadIn, Duration measured) {
        System.out.printf("[perf] relay latency: %d events/s into balance-service's outbox, %d s measured after %d s%n",
                rate, measured.toSeconds(), leadIn.toSeconds());
        String kafka = context.settings().kafkaBootstrapServers();
        createTopic(kafka);
        LatencyRecorder latencies = new LatencyRecorder();
        AtomicLong measureFromMicros = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(kafka, consuming, measureFromMicros, latencies), "relay-probe-consumer");
        consumer.start();
        Writers writers;
        StackMeter.Sample before;
        StackMeter.Use use;
        try {
            Fixtures.sleep(2000);
            writers = new Writers(context.jdbcUrl("balance"));
            long total = rate * (leadIn.toSeconds() + measured.toSeconds());
            long leadInEvents = rate * leadIn.toSeconds();
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime();
            before = null;
            for (long i = 0; i < total; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (i == leadInEvents) {
                    measureFromMicros.set(nowMicros());
                    before = context.meter().sample();
                }
                writers.queue.put(i);
            }
            writers.queue.put(-1L);
            writers.awaitDone();
            use = StackMeter.Use.between(before, context.meter().sample());
            long expected = rate * measured.toSeconds();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (latencies.count() < expected && System.nanoTime() < deadline) {
                Fixtures.sleep(100);
            }
            double achieved = expected / (use.seconds());
            if (writers.failure.get() != null) {
                return PerfRow.notMeasured("7b", WHAT, AIM, "writing the outbox failed: " + writers.failure.get());
            }
            LatencyRecorder.Summary summary = latencies.summary();
            boolean all = latencies.count() >= expected;
            return PerfRow.judged("7b", WHAT, String.format(Locale.ROOT, "p99 %.0f ms (p50 %.0f ms)%s",
                            LatencyRecorder.Summary.millis(summary.p99()), LatencyRecorder.Summary.millis(summary.p50()),
                            all ? "" : ", " + (expected - latencies.count()) + " events missing"),
                    AIM, summary.p99().compareTo(Duration.ofMillis(50)) <= 0 && all, "-", List.of(
                            String.format(Locale.ROOT, "%,d events written at %.0f/s (one per transaction, %d writers), %s",
                                    expected, achieved, WRITERS, summary),
                            "CPU while writing: " + use.describe()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PerfRow.notMeasured("7b", WHAT, AIM, "interrupted");
        } catch (RuntimeException | SQLException e) {
            return PerfRow.notMeasured("7b", WHAT, AIM, "could not drive the outbox: " + e.getMessage());
        } finally {
            consuming.set(false);
            try {
                consumer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** Connections that each insert one outbox row per transaction as the pacer hands them indexes. */
    private static final class Writers {
        private final LinkedBlockingQueue<Long> queue = new LinkedBlockingQueue<>();
        private final List<Thread> threads = new ArrayList<>();
        private final java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();

        Writers(String jdbcUrl) throws SQLException {
            for (int w = 0; w < WRITERS; w++) {
                Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Thread thread = new Thread(() -> write(connection), "outbox-writer-" + w);
                threads.add(thread);
                thread.start();
            }
        }

        private void write(Connection connection) {
            try (connection; PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO messaging.outbox (id, topic, aggregate_id, type, payload, occurred_at)"
                            + " VALUES (?, ?, ?, 'RelayProbe', ?::json, clock_timestamp())")) {
                connection.setAutoCommit(true);
                while (true) {
                    long index = queue.take();
                    if (index < 0) {
                        queue.put(index);
                        return;
                    }
                    UUID id = UUID.randomUUID();
                    insert.setObject(1, id);
                    insert.setString(2, TOPIC);
                    insert.setString(3, Long.toString(index));
                    insert.setString(4, "{\"eventId\": \"" + id + "\", \"type\": \"RelayProbe\", \"version\": 1, \"aggregateId\": \""
                            + index + "\", \"sentAtMicros\": " + nowMicros() + "}");
                    insert.executeUpdate();
                }
            } catch (SQLException | RuntimeException e) {
                failure.compareAndSet(null, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitDone() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private static void consume(String kafka, AtomicBoolean consuming, AtomicLong measureFromMicros, LatencyRecorder latencies) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (consuming.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long arrived = nowMicros();
                    Matcher sent = SENT.matcher(record.value());
                    if (sent.find()) {
                        long sentAt = Long.parseLong(sent.group(1));
                        if (sentAt >= measureFromMicros.get()) {
                            latencies.recordNanos((arrived - sentAt) * 1000);
                        }
                    }
                }
            }
        }
    }

    private static void createTopic(String kafka) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + TOPIC, e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + TOPIC, e);
        }
    }
}
