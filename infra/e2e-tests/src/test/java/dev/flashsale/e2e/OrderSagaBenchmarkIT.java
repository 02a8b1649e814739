package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.LatencyRecorder;
import dev.flashsale.testkit.PrometheusScrape;
import dev.flashsale.testkit.SagaFloor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the saga costs: the same order (reserve one unit, use a coupon, deduct the balance, record order and
 * payment) placed by the same number of concurrent clients, once through the gateway and the saga across four
 * services (four commands, their replies and the completed event), and once as one local transaction on the same PostgreSQL
 * server ({@link SagaFloor}: the floor no distributed design can beat). Prints orders/s and submit-to-completed latency;
 * figures in docs/benchmarks.md.
 *
 * <p>Each order is one user's only order with that user's coupon, so per-user rate limits and coupon rules never
 * reject anything and both runs do exactly the same work.
 */
@Tag("benchmark")
class OrderSagaBenchmarkIT {

    private static final int ORDERS = 400;
    private static final int CLIENTS = 32;
    private static final int WARM_UP = 40;
    private static final long PRICE = 10_000;
    private static final long DISCOUNT = 1_000;

    private final E2eStack stack = E2eStack.get();
    private final Shop shop = new Shop(stack);

    @Test
    void measuresTheSagaThroughTheGatewayAgainstOneLocalTransaction() {
        System.out.printf("order saga benchmark: %d orders, %d concurrent clients, %d cores%n",
                ORDERS, CLIENTS, Runtime.getRuntime().availableProcessors());

        Result saga = sagaThroughTheGateway();
        Result local = oneLocalTransaction();

        System.out.println(saga);
        System.out.println(local);
        System.out.printf("saga / local: %.1f%% of the throughput, p50 %.1fx%n",
                100 * saga.perSecond() / local.perSecond(), saga.p50Millis() / local.p50Millis());
    }

    // ---- the saga ----

    private record Buyer(User user, long userCouponId) {
    }

    private Result sagaThroughTheGateway() {
        Product product = shop.newProduct(PRICE, ORDERS + WARM_UP);
        long couponId = shop.newFixedCoupon(DISCOUNT, ORDERS + WARM_UP);
        List<Buyer> buyers = Concurrently.run(ORDERS + WARM_UP, 16, i -> {
            User user = shop.newUser(PRICE);
            return new Buyer(user, shop.issue(couponId, user));
        });
        measure("warm-up", WARM_UP, i -> completeThroughTheSaga(buyers.get(ORDERS + i), product));
        shop.awaitAllSagasSettled(Duration.ofMinutes(2));

        PrometheusScrape before = orderServiceMetrics();
        Result result = measure("saga through the gateway", ORDERS, i -> completeThroughTheSaga(buyers.get(i), product));
        printStepLatencies(before, orderServiceMetrics());

        shop.awaitAllSagasSettled(Duration.ofMinutes(2));
        assertThat(shop.variantAudit(product).path("sold").asInt()).isEqualTo(ORDERS + WARM_UP);
        return result;
    }

    private PrometheusScrape orderServiceMetrics() {
        return PrometheusScrape.parse(shop.http().get(stack.url("order-service") + "/actuator/prometheus", null)
                .expect(200).body());
    }

    /** Where the saga's time goes: order-service's mean wait per step (command in its outbox to the reply handled). */
    private static void printStepLatencies(PrometheusScrape before, PrometheusScrape after) {
        StringBuilder line = new StringBuilder("mean wait per saga step during the run:");
        for (String step : List.of("reserve_stock", "use_coupon", "deduct_balance")) {
            double count = after.value("order_saga_step_latency_seconds_count", "step", step)
                    - before.value("order_saga_step_latency_seconds_count", "step", step);
            double sum = after.value("order_saga_step_latency_seconds_sum", "step", step)
                    - before.value("order_saga_step_latency_seconds_sum", "step", step);
            line.append(String.format(" %s %.0f ms,", step, count == 0 ? 0 : 1000 * sum / count));
        }
        System.out.println(line.substring(0, line.length() - 1));
    }

    /** Submits and long-polls until the order is COMPLETED: what a client waits for. */
    private void completeThroughTheSaga(Buyer buyer, Product product) {
        long orderId = shop.order(buyer.user(), buyer.userCouponId(), line(product, 1));
        JsonNode order = shop.awaitOutcome(buyer.user(), orderId);
        assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("COMPLETED");
    }

    // ---- the floor: one transaction ----

    private Result oneLocalTransaction() {
        try (SagaFloor floor = SagaFloor.create(stack.database("saga_floor"), "postgres", "postgres", ORDERS + WARM_UP,
                CLIENTS, PRICE, DISCOUNT)) {
            measure("warm-up", WARM_UP, i -> floor.placeOne());
            Result result = measure("one local transaction", ORDERS, i -> floor.placeOne());
            assertThat(floor.sold()).isEqualTo(ORDERS + WARM_UP);
            return result;
        }
    }

    // ---- measuring ----

    private record Result(String name, int orders, Duration elapsed, double perSecond, double p50Millis,
                          double p99Millis, double maxMillis) {

        @Override
        public String toString() {
            return String.format("%-26s %d orders in %.1f s: %.0f completed orders/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    name, orders, elapsed.toMillis() / 1000.0, perSecond, p50Millis, p99Millis, maxMillis);
        }
    }

    /** Runs {@code operation(i)} for i in [0, count) from {@link #CLIENTS} threads, timing each call. */
    private static Result measure(String name, int count, IntConsumer operation) {
        LatencyRecorder latencies = new LatencyRecorder();
        long start = System.nanoTime();
        Concurrently.run(count, CLIENTS, i -> {
            latencies.time(() -> operation.accept(i));
            return null;
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        LatencyRecorder.Summary summary = latencies.summary();
        return new Result(name, count, elapsed, count / (elapsed.toNanos() / 1e9), LatencyRecorder.Summary.millis(summary.p50()),
                LatencyRecorder.Summary.millis(summary.p99()), LatencyRecorder.Summary.millis(summary.max()));
    }
}
