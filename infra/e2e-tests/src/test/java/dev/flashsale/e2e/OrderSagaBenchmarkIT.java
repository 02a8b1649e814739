package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntConsumer;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the saga costs: the same order (reserve one unit, use a coupon, deduct the balance, record order and
 * payment) placed by the same number of concurrent clients, once through the gateway and the saga across four
 * services (four commands, their replies and the completed event), and once as one local transaction on the same PostgreSQL server (the floor no
 * distributed design can beat). Prints orders/s and submit-to-completed latency; figures in docs/benchmarks.md.
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
    void measuresTheSagaThroughTheGatewayAgainstOneLocalTransaction() throws Exception {
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

    private static final String SCHEMA = """
            DROP TABLE IF EXISTS payment, orders, user_coupon, balance, variant;
            CREATE TABLE variant (id bigint PRIMARY KEY, price bigint NOT NULL,
                orderable int NOT NULL CHECK (orderable >= 0), sold int NOT NULL);
            CREATE TABLE balance (user_id bigint PRIMARY KEY, amount bigint NOT NULL CHECK (amount >= 0));
            CREATE TABLE user_coupon (id bigint PRIMARY KEY, user_id bigint NOT NULL, discount bigint NOT NULL,
                status text NOT NULL);
            CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL, variant_id bigint NOT NULL,
                user_coupon_id bigint UNIQUE, status text NOT NULL, total bigint NOT NULL, paid bigint NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE payment (order_id bigint PRIMARY KEY REFERENCES orders, user_id bigint NOT NULL,
                amount bigint NOT NULL, paid_at timestamptz NOT NULL DEFAULT now());
            """;

    private Result oneLocalTransaction() throws Exception {
        String url = stack.database("saga_floor");
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            statement.execute("INSERT INTO variant VALUES (1, " + PRICE + ", " + (ORDERS + WARM_UP) + ", 0)");
            statement.execute("INSERT INTO balance SELECT u, " + PRICE + " FROM generate_series(1, "
                    + (ORDERS + WARM_UP) + ") u");
            statement.execute("INSERT INTO user_coupon SELECT u, u, " + DISCOUNT + ", 'UNUSED' FROM generate_series(1, "
                    + (ORDERS + WARM_UP) + ") u");
        }
        BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            connections.add(connect(url));
        }
        try {
            measure("warm-up", WARM_UP, i -> placeInOneTransaction(connections, ORDERS + i + 1));
            Result result = measure("one local transaction", ORDERS, i -> placeInOneTransaction(connections, i + 1));
            try (Connection connection = connect(url); Statement statement = connection.createStatement();
                 ResultSet sold = statement.executeQuery("SELECT sold FROM variant WHERE id = 1")) {
                sold.next();
                assertThat(sold.getInt(1)).isEqualTo(ORDERS + WARM_UP);
            }
            return result;
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /** Flow 5 of docs/flows.md in one transaction: each hot row changes with one conditional statement, as in the services. */
    private static void placeInOneTransaction(BlockingQueue<Connection> connections, long user) {
        Connection connection = connections.poll();
        try {
            connection.setAutoCommit(false);
            long price = returning(connection, "UPDATE variant SET orderable = orderable - 1, sold = sold + 1"
                    + " WHERE id = 1 AND orderable >= 1 RETURNING price");
            long discount = returning(connection, "UPDATE user_coupon SET status = 'USED'"
                    + " WHERE id = " + user + " AND user_id = " + user + " AND status = 'UNUSED' RETURNING discount");
            long paid = price - discount;
            returning(connection, "UPDATE balance SET amount = amount - " + paid
                    + " WHERE user_id = " + user + " AND amount >= " + paid + " RETURNING amount");
            long orderId = returning(connection, "INSERT INTO orders (user_id, variant_id, user_coupon_id, status, total, paid)"
                    + " VALUES (" + user + ", 1, " + user + ", 'COMPLETED', " + price + ", " + paid + ") RETURNING id");
            try (PreparedStatement payment = connection.prepareStatement(
                    "INSERT INTO payment (order_id, user_id, amount) VALUES (?, ?, ?)")) {
                payment.setLong(1, orderId);
                payment.setLong(2, user);
                payment.setLong(3, paid);
                payment.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            connections.add(connection);
        }
    }

    private static long returning(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return result.getLong(1);
        }
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, stack.databaseUser(), stack.databasePassword());
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
        long[] nanos = new long[count];
        long start = System.nanoTime();
        Concurrently.run(count, CLIENTS, i -> {
            long begin = System.nanoTime();
            operation.accept(i);
            nanos[i] = System.nanoTime() - begin;
            return null;
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Arrays.sort(nanos);
        return new Result(name, count, elapsed, count / (elapsed.toNanos() / 1e9), percentile(nanos, 0.50),
                percentile(nanos, 0.99), nanos[count - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)] / 1e6;
    }
}
