package dev.flashsale.messaging.relay;

import dev.flashsale.messaging.MessagingProperties;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.messaging.testapp.TestEvent;
import dev.flashsale.testkit.LatencyRecorder;
import dev.flashsale.testkit.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay two ways in one run, each on a database of its own: Debezium's own constant polling every 5 ms (how
 * the relay ran before it was paced) and paced (the defaults). For each: the CPU its threads use at rest over
 * 30 s, latency (append, just before the commit, to consumption) at a fixed 1,000 events/s with the CPU its
 * threads used meanwhile, throughput while writing, and the drain of a backlog. Not part of the build:
 * {@code mvn -pl infra/messaging verify -Pbenchmark -Dit.test=RelayBenchmarkIT}.
 */
@Tag("benchmark")
class RelayBenchmarkIT {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final int THROUGHPUT_EVENTS = 40_000;
    private static final int BATCH = 500;
    private static final int WRITERS = 4;
    private static final int RATE_PER_SECOND = 1_000;
    private static final int LATENCY_SECONDS = 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void relayAtRestAndUnderLoadUnpacedAndPaced() throws Exception {
        Duration defaultQuiet = Duration.ofSeconds(2);
        MessagingProperties.Relay paced = new MessagingProperties.Relay(true, null, Duration.ofMillis(1),
                Duration.ofMillis(16), Duration.ofMillis(500), defaultQuiet, true, 4096, 16384, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(5));
        MessagingProperties.Relay unpaced = new MessagingProperties.Relay(true, null, Duration.ofMillis(5),
                Duration.ofMillis(5), Duration.ofMillis(5), defaultQuiet, false, 4096, 16384, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(5));
        List<Figures> figures = List.of(measure("Debezium's own polling, 5 ms (before)", "relay_bench_unpaced", unpaced),
                measure("paced: 1 to 16 ms while busy, 500 ms at rest (after)", "relay_bench_paced", paced));

        StringBuilder out = new StringBuilder(String.format("%n=== Outbox relay benchmark (%d cores, %s, load average %.1f) ===%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.append(String.format("%-48s | %12s | %26s | %14s | %12s | %10s%n", "relay", "CPU at rest", "latency at 1,000/s p50/p99/max",
                "CPU at 1,000/s", "throughput", "drain"));
        for (Figures f : figures) {
            out.append(String.format("%-48s | %7.4f core | %8d / %5d / %5d ms | %9.3f core | %,7.0f ev/s | %,6.0f ev/s%n",
                    f.name, f.idleCores, f.p50, f.p99, f.max, f.loadCores, f.throughput, f.drain));
        }
        out.append("relay threads at rest (CPU ms over ").append(IDLE.toSeconds()).append(" s):\n");
        for (Figures f : figures) {
            out.append("  ").append(f.name).append(": ").append(f.idleByThread).append('\n');
        }
        System.out.println(out);
        figures.forEach(f -> assertThat(f.idleCores).isPositive());
    }

    private Figures measure(String name, String database, MessagingProperties.Relay settings) throws Exception {
        // The JVM's broker and database first, so that their threads are not counted as the relay's.
        SharedInfrastructure.kafkaBootstrapServers();
        try (StandaloneRelays relays = new StandaloneRelays(database)) {
            Set<Long> before = threadIds();
            OutboxRelay relay = relays.relay(settings);
            Outbox outbox = relays.outbox(relay);
            relay.start();
            awaitStreaming(relay, settings.adaptivePacing());
            warmUp(relays, outbox);

            Thread.sleep(settings.quietAfter().plusSeconds(1).toMillis());
            Map<Long, Long> restStart = cpuOfThreadsNotIn(before);
            Thread.sleep(IDLE.toMillis());
            Map<Long, Long> restEnd = cpuOfThreadsNotIn(before);
            double idleCores = nanos(restStart, restEnd) / (double) IDLE.toNanos();
            String idleByThread = byThread(restStart, restEnd);

            LatencyRecorder latencies = new LatencyRecorder();
            Map<Long, Long> loadStart = cpuOfThreadsNotIn(before);
            long loadStarted = System.nanoTime();
            latencyAtFixedRate(relays, outbox, latencies);
            Map<Long, Long> loadEnd = cpuOfThreadsNotIn(before);
            double loadCores = nanos(loadStart, loadEnd) / (double) (System.nanoTime() - loadStarted);

            double throughput = throughput(relays, outbox);
            double drain = drainBacklog(relays, outbox, relay);
            return new Figures(name, idleCores, idleByThread, latencies.percentile(50).toMillis(),
                    latencies.percentile(99).toMillis(), latencies.max().toMillis(), loadCores, throughput, drain);
        }
    }

    private record Figures(String name, double idleCores, String idleByThread, long p50, long p99, long max,
                           double loadCores, double throughput, double drain) {
    }

    private static void awaitStreaming(OutboxRelay relay, boolean paced) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(relay.isStreaming() && (!paced || relay.pacer().isActive())) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(relay.isStreaming()).isTrue();
    }

    private void warmUp(StandaloneRelays relays, Outbox outbox) throws Exception {
        String run = "warmup-" + UUID.randomUUID();
        try (Counter counter = new Counter(run, null)) {
            for (int i = 0; i < 20; i++) {
                int t = i;
                relays.transactions.executeWithoutResult(status -> {
                    for (int j = 0; j < 100; j++) {
                        outbox.append(new TestEvent(run, t * 100 + j, null));
                    }
                });
            }
            counter.awaitCount(2_000, Duration.ofSeconds(60));
        }
    }

    private void latencyAtFixedRate(StandaloneRelays relays, Outbox outbox, LatencyRecorder latencies) throws Exception {
        String run = "latency-" + UUID.randomUUID();
        int total = RATE_PER_SECOND * LATENCY_SECONDS;
        try (Counter counter = new Counter(run, latencies)) {
            long interval = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
            long next = System.nanoTime();
            for (int i = 0; i < total; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                int n = i;
                relays.transactions.executeWithoutResult(status -> outbox.append(new TestEvent(run + "-" + (n % 32), n, null)));
            }
            counter.awaitCount(total, Duration.ofMinutes(2));
        }
    }

    private double throughput(StandaloneRelays relays, Outbox outbox) throws Exception {
        String run = "throughput-" + UUID.randomUUID();
        try (Counter counter = new Counter(run, null)) {
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int b = 0; b < THROUGHPUT_EVENTS / WRITERS / BATCH; b++) {
                        int batch = b;
                        relays.transactions.executeWithoutResult(status -> {
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
    private double drainBacklog(StandaloneRelays relays, Outbox outbox, OutboxRelay relay) throws Exception {
        String run = "drain-" + UUID.randomUUID();
        try (Counter counter = new Counter(run, null)) {
            relay.stop();
            for (int b = 0; b < THROUGHPUT_EVENTS / BATCH; b++) {
                int batch = b;
                relays.transactions.executeWithoutResult(status -> {
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

    private static Set<Long> threadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /** CPU time of every live thread born since {@code before} (the relay's), except this benchmark's consumers. */
    private static Map<Long, Long> cpuOfThreadsNotIn(Set<Long> before) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread.getId()) && !thread.getName().startsWith("benchmark-consumer")
                    && !thread.getName().startsWith("kafka-coordinator-heartbeat-thread | benchmark-")) {
                long nanos = THREADS.getThreadCpuTime(thread.getId());
                if (nanos >= 0) {
                    cpu.put(thread.getId(), nanos);
                }
            }
        }
        return cpu;
    }

    private static long nanos(Map<Long, Long> start, Map<Long, Long> end) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : end.entrySet()) {
            total += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    private static String byThread(Map<Long, Long> start, Map<Long, Long> end) {
        Map<Long, String> names = new HashMap<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> names.put(thread.getId(), thread.getName()));
        return end.entrySet().stream()
                .map(thread -> Map.entry(names.getOrDefault(thread.getKey(), "?"), thread.getValue() - start.getOrDefault(thread.getKey(), 0L)))
                .filter(thread -> thread.getValue() >= 1_000_000)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(thread -> thread.getKey() + " " + thread.getValue() / 1_000_000)
                .collect(Collectors.joining(", "));
    }

    private static long occurredAt(ConsumerRecord<String, String> record) {
        return OffsetDateTime.parse(new String(record.headers().lastHeader(OutboxRelay.OCCURRED_AT_HEADER).value(),
                StandardCharsets.UTF_8)).toInstant().toEpochMilli();
    }

    /** Consumes the topic on its own thread, counts this run's records and, if asked, their append-to-consume times. */
    private static final class Counter implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger count = new AtomicInteger();
        private final Thread thread;

        Counter(String run, LatencyRecorder latencies) {
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
                                if (latencies != null) {
                                    latencies.recordMillis(Math.max(0, System.currentTimeMillis() - occurredAt(record)));
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

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
