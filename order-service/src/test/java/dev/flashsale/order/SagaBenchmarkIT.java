package dev.flashsale.order;

import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.testkit.LatencyRecorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders through the whole saga (outbox → Debezium → Kafka → scripted participant → reply → inbox →
 * next command), submitted open-loop by a pool of clients: completed orders per second, and
 * submit-to-completed latency (from the POST to when a 20 ms poll of the database first sees the order
 * COMPLETED). Run twice: with the test PostgreSQL's {@code synchronous_commit=off} (WAL reaches the relay
 * when the WAL writer runs, every 200 ms) and with {@code on}, a production server's default.
 * Run with {@code mvn -q -o -pl order-service verify -Pbenchmark}.
 */
@Tag("benchmark")
@OrderIntegrationTest
class SagaBenchmarkIT {

    private static final int ORDERS = 2_000;
    private static final int CLIENTS = 16;
    private static final int WAITERS = 4;
    private static final int SEQUENTIAL_ORDERS = 50;

    @Autowired
    RestTestClient http;
    @Autowired
    ScriptedParticipants participants;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void completedOrdersPerSecondAndSubmitToCompletedLatency() throws Exception {
        long variant = newId();
        participants.script(variant, Script.succeeding().unitPrice(1_000).discount(100));
        run(variant, 200, "warm-up");
        run(variant, ORDERS, "synchronous_commit=off");
        oneAtATime(variant, "synchronous_commit=off");
        jdbc.execute("ALTER SYSTEM SET synchronous_commit = on");
        jdbc.execute("SELECT pg_reload_conf()");
        run(variant, ORDERS, "synchronous_commit=on");
        oneAtATime(variant, "synchronous_commit=on");
        jdbc.execute("ALTER SYSTEM RESET synchronous_commit");
        jdbc.execute("SELECT pg_reload_conf()");
    }

    private void run(long variant, int orders, String label) throws Exception {
        OrderApi api = new OrderApi(http);
        Map<Long, Long> submittedAt = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        try {
            List<Future<?>> submits = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                submits.add(clients.submit(() -> {
                    long at = System.nanoTime();
                    submittedAt.put(api.place(body(newId(), newId(), variant, 1)), at);
                }));
            }
            for (Future<?> submit : submits) {
                submit.get();
            }
        } finally {
            clients.shutdown();
        }
        double submitSeconds = (System.nanoTime() - started) / 1e9;

        Map<Long, Long> completedAt = new ConcurrentHashMap<>();
        long giveUp = System.nanoTime() + 180_000_000_000L;
        while (completedAt.size() < orders && System.nanoTime() < giveUp) {
            List<Long> open = submittedAt.keySet().stream().filter(id -> !completedAt.containsKey(id)).toList();
            String ids = open.stream().map(String::valueOf).collect(Collectors.joining(","));
            long now = System.nanoTime();
            jdbc.queryForList("SELECT id FROM orders WHERE status = 'COMPLETED' AND id IN (" + ids + ")", Long.class)
                    .forEach(id -> completedAt.put(id, now));
            Thread.sleep(20);
        }
        assertThat(completedAt).hasSize(orders);
        long last = Collections.max(completedAt.values());
        double seconds = (last - started) / 1e9;
        LatencyRecorder latencies = new LatencyRecorder();
        completedAt.forEach((id, at) -> latencies.recordNanos(at - submittedAt.get(id)));
        System.out.printf("%nBENCHMARK order saga [%s], %d cores, load average %.1f: %d orders by %d clients, submitted in %.1f s (%.0f/s), "
                        + "all completed after %.1f s = %.0f completed orders/s; submit-to-completed p50 %d ms, p99 %d ms, max %d ms%n%n",
                label, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), orders, CLIENTS, submitSeconds, orders / submitSeconds,
                seconds, orders / seconds, latencies.percentile(50).toMillis(), latencies.percentile(99).toMillis(),
                latencies.max().toMillis());
    }

    /**
     * Latency without a backlog: {@value #WAITERS} clients each submit an order and wait for it with
     * {@code GET ?waitMs=} before the next, as a shop's front end would.
     */
    private void oneAtATime(long variant, String label) throws Exception {
        OrderApi api = new OrderApi(http);
        ExecutorService clients = Executors.newFixedThreadPool(WAITERS);
        LatencyRecorder latencies = new LatencyRecorder();
        List<Future<?>> runs = new ArrayList<>();
        for (int client = 0; client < WAITERS; client++) {
            runs.add(clients.submit(() -> {
                for (int i = 0; i < SEQUENTIAL_ORDERS; i++) {
                    long at = System.nanoTime();
                    long orderId = api.place(body(newId(), newId(), variant, 1));
                    assertThat(api.finished(orderId, java.time.Duration.ofSeconds(60)).status())
                            .isEqualTo(dev.flashsale.order.domain.OrderStatus.COMPLETED);
                    latencies.recordNanos(System.nanoTime() - at);
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        clients.shutdown();
        System.out.printf("%nBENCHMARK order saga one at a time [%s], %d cores, load average %.1f: %d clients x %d orders, "
                        + "submit-to-completed (POST, then GET waitMs) p50 %d ms, p99 %d ms, max %d ms%n%n",
                label, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                WAITERS, SEQUENTIAL_ORDERS, latencies.percentile(50).toMillis(), latencies.percentile(99).toMillis(),
                latencies.max().toMillis());
    }
}
