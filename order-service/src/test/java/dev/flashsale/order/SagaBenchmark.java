package dev.flashsale.order;

import dev.flashsale.order.domain.OrderStatus;
import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.order.web.OrderResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders through the whole saga (outbox → Debezium → Kafka → scripted participant → reply → inbox) as
 * fast as a set of clients can push them: completed orders per second and submit-to-completed latency
 * as a client sees it (POST, then GET with waitMs). Run with {@code mvn -pl order-service verify -Pbenchmark}.
 */
@Tag("benchmark")
@OrderIntegrationTest
class SagaBenchmark {

    private static final int WARM_UP = 100;
    private static final int ORDERS = 1_000;
    private static final int CLIENTS = 32;

    @Autowired
    RestTestClient http;
    @Autowired
    ScriptedParticipants participants;

    @Test
    void completedOrdersPerSecondAndSubmitToCompletedLatency() throws Exception {
        long variant = newId();
        participants.script(variant, Script.succeeding().unitPrice(1_000).discount(100));
        run(variant, WARM_UP);

        long started = System.nanoTime();
        List<Long> latencies = run(variant, ORDERS);
        double seconds = (System.nanoTime() - started) / 1e9;

        Collections.sort(latencies);
        System.out.printf("%nBENCHMARK order saga, %d cores: %d orders by %d clients in %.1f s = %.0f completed orders/s; "
                        + "submit-to-completed p50 %d ms, p99 %d ms, max %d ms%n%n",
                Runtime.getRuntime().availableProcessors(), ORDERS, CLIENTS, seconds, ORDERS / seconds,
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
    }

    /** Every order goes by its own user with a coupon; returns each one's latency in milliseconds. */
    private List<Long> run(long variant, int orders) throws Exception {
        OrderApi api = new OrderApi(http);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                results.add(clients.submit((Callable<Long>) () -> {
                    long submitted = System.nanoTime();
                    long orderId = api.place(body(newId(), newId(), variant, 1));
                    OrderResponse order = api.finished(orderId, Duration.ofSeconds(60));
                    assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
                    return (System.nanoTime() - submitted) / 1_000_000;
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> result : results) {
                latencies.add(result.get());
            }
            return latencies;
        } finally {
            clients.shutdown();
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
