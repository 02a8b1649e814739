package dev.flashsale.messaging;

import dev.flashsale.messaging.relay.OutboxRelay;
import dev.flashsale.messaging.testapp.TestEvent;
import dev.flashsale.testkit.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relay throughput (rows/s from the first commit to the last record consumed) and latency (append,
 * just before the commit, to consumption) at a fixed rate, on this machine. Not part of the build:
 * {@code mvn -pl infra/messaging verify -Pbenchmark}.
 */
@Tag("benchmark")
@MessagingIntegrationTest
class RelayBenchmarkIT {

    private static final int THROUGHPUT_EVENTS = 40_000;
    private static final int BATCH = 500;
    private static final int WRITERS = 4;
    private static final int RATE_PER_SECOND = 1_000;
    private static final int LATENCY_SECONDS = 20;

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    OutboxRelay relay;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void relayThroughputAndLatency() throws Exception {
        // The test application's own listeners would compete for the two cores; measure the relay alone.
        listeners.getListenerContainers().forEach(container -> container.stop());
        warmUp();
        double throughput = throughput();
        double drain = drainBacklog();
        long[] latencies = latencyAtFixedRate();
        listeners.getListenerContainers().forEach(container -> container.start());
        System.out.printf("%n=== Outbox relay benchmark (%d cores, %s) ===%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf("throughput: %,d events in batches of %d by %d writers: %,.0f events/s commit-to-consume%n",
                THROUGHPUT_EVENTS, BATCH, WRITERS, throughput);
        System.out.printf("backlog drain: %,d events written while the relay was stopped, published at %,.0f events/s%n",
                THROUGHPUT_EVENTS, drain);
        System.out.printf("latency at %,d events/s for %d s (one event per transaction): p50 %d ms, p99 %d ms, max %d ms%n%n",
                RATE_PER_SECOND, LATENCY_SECONDS, percentile(latencies, 50), percentile(latencies, 99),
                latencies[latencies.length - 1]);
        assertThat(latencies).hasSize(RATE_PER_SECOND * LATENCY_SECONDS);
    }

    private void warmUp() throws Exception {
        String run = "warmup-" + UUID.randomUUID();
        try (Counter counter = new Counter(run)) {
            for (int i = 0; i < 20; i++) {
                int t = i;
                transactions.executeWithoutResult(status -> {
                    for (int j = 0; j < 100; j++) {
                        outbox.append(new TestEvent(run, t * 100 + j, null));
                    }
                });
            }
            counter.awaitCount(2_000, Duration.ofSeconds(60));
        }
    }

    private double throughput() throws Exception {
        String run = "throughput-" + UUID.randomUUID();
        try (Counter counter = new Counter(run)) {
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int b = 0; b < THROUGHPUT_EVENTS / WRITERS / BATCH; b++) {
                        int batch = b;
                        transactions.executeWithoutResult(status -> {
                            for (int i = 0; i < BATCH; i++) {
                                outbox.append(new TestEvent(run + "-" + writer + "-" + (i % 16), batch * BATCH + i, null));
                            }
                        });
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            writers.shutdown();
            counter.awaitCount(THROUGHPUT_EVENTS, Duration.ofMinutes(5));
            return THROUGHPUT_EVENTS / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** What the relay alone sustains: the rows are committed before it starts, so no insert competes with it. */
    private double drainBacklog() throws Exception {
        String run = "drain-" + UUID.randomUUID();
        try (Counter counter = new Counter(run)) {
            relay.stop();
            for (int b = 0; b < THROUGHPUT_EVENTS / BATCH; b++) {
                int batch = b;
                transactions.executeWithoutResult(status -> {
                    for (int i = 0; i < BATCH; i++) {
                        outbox.append(new TestEvent(run + "-" + (i % 64), batch * BATCH + i, null));
                    }
                });
            }
            long start = System.nanoTime();
            relay.start();
            counter.awaitCount(THROUGHPUT_EVENTS, Duration.ofMinutes(5));
            return THROUGHPUT_EVENTS / ((System.nanoTime() - start) / 1e9);
        }
    }

    private long[] latencyAtFixedRate() throws Exception {
        String run = "latency-" + UUID.randomUUID();
        int total = RATE_PER_SECOND * LATENCY_SECONDS;
        try (Counter counter = new Counter(run)) {
            long interval = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
            long next = System.nanoTime();
            for (int i = 0; i < total; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                int n = i;
                transactions.executeWithoutResult(status -> outbox.append(new TestEvent(run + "-" + (n % 32), n, null)));
            }
            counter.awaitCount(total, Duration.ofMinutes(2));
            long[] latencies = counter.latencies();
            Arrays.sort(latencies);
            return latencies;
        }
    }

    private static long occurredAt(ConsumerRecord<String, String> record) {
        return OffsetDateTime.parse(OutboxRelayIT.header(record, OutboxRelay.OCCURRED_AT_HEADER)).toInstant().toEpochMilli();
    }

    private static long percentile(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    /** Consumes the topic on its own thread and keeps, per record of this run, append-to-consume in ms. */
    private static final class Counter implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger count = new AtomicInteger();
        private final List<Long> latencies = new ArrayList<>();
        private final Thread thread;

        Counter(String run) throws InterruptedException {
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
            consumer.subscribe(List.of(TestEvent.TOPIC));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                            if (record.key().startsWith(run)) {
                                synchronized (latencies) {
                                    latencies.add(System.currentTimeMillis() - occurredAt(record));
                                }
                                count.incrementAndGet();
                            }
                        }
                    }
                }
            }, "benchmark-consumer");
            thread.start();
        }

        void awaitCount(int expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(count.get()).as("records consumed").isGreaterThanOrEqualTo(expected);
        }

        long[] latencies() {
            synchronized (latencies) {
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
