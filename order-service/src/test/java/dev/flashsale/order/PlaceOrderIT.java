package dev.flashsale.order;

import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.order.domain.OrderStatus;
import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.order.web.OrderResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Submitting and reading orders over HTTP: validation, idempotency keys, waiting for the outcome. */
@OrderIntegrationTest
class PlaceOrderIT {

    @Autowired
    RestTestClient http;
    @Autowired
    ScriptedParticipants participants;
    @Autowired
    JdbcTemplate jdbc;

    OrderApi orders;

    @BeforeEach
    void setUp() {
        orders = new OrderApi(http);
    }

    @Test
    void acceptsAnOrderWith202AndItsLocation() {
        long user = newId();
        http.post().uri("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).body(body(user, null, newId(), 2))
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().value("Location", location -> assertThat(location).matches("/api/v1/orders/\\d+"))
                .expectBody().jsonPath("$.status").isEqualTo("PENDING").jsonPath("$.orderId").isNumber();
    }

    @Test
    void rejectsInvalidOrdersWithValidationFailedAndStoresNothing() {
        long user = newId();
        List<String> invalid = List.of(
                "{\"userId\": " + user + ", \"items\": []}",
                "{\"userId\": " + user + "}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": 12, \"quantity\": 0}]}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": 12, \"quantity\": -1}]}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": -12, \"quantity\": 1}]}",
                "{\"userId\": " + user + ", \"items\": [{\"quantity\": 1}]}",
                "{\"userId\": " + user + ", \"items\": [null]}",
                "{\"userId\": 0, \"items\": [{\"variantId\": 12, \"quantity\": 1}]}",
                "{\"items\": [{\"variantId\": 12, \"quantity\": 1}]}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}], \"userCouponId\": 0}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}, {\"variantId\": 12, \"quantity\": 2}]}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": 12, \"quantity\": 1001}]}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": 12, \"quantity\": 99999999999}]}",
                "{\"userId\": " + user + ", \"items\": [" + String.join(",", IntStream.rangeClosed(1, 51)
                        .mapToObj(i -> "{\"variantId\": " + i + ", \"quantity\": 1}").toList()) + "]}",
                "{\"userId\": " + user + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}",
                "not json");
        for (String body : invalid) {
            http.post().uri("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, user)).isZero();
    }

    @Test
    void anUnknownOrderIsNotFound() {
        http.get().uri("/api/v1/orders/{id}", newId()).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("ORDER_NOT_FOUND");
        http.get().uri("/api/v1/orders/{id}?waitMs=1000", newId()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void rejectsAWaitOutsideItsBounds() {
        long orderId = orders.place(body(newId(), null, newId(), 1));
        for (String wait : List.of("-1", "30001", "soon")) {
            http.get().uri("/api/v1/orders/{id}?waitMs={wait}", orderId, wait).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameOrder() {
        long user = newId();
        Map<String, Object> body = body(user, null, newId(), 1);
        long first = submitWithKey(body, "key-1");
        long again = submitWithKey(body, "key-1");
        long otherKey = submitWithKey(body, "key-2");

        assertThat(again).isEqualTo(first);
        assertThat(otherKey).isNotEqualTo(first);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, user)).isEqualTo(2);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefused() {
        long user = newId();
        long variant = newId();
        submitWithKey(body(user, null, variant, 1), "key-1");

        http.post().uri("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "key-1")
                .body(body(user, null, variant, 2)).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, user)).isOne();
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
        long user = newId();
        Map<String, Object> body = body(user, null, newId(), 1);
        int clients = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit((Callable<Long>) () -> {
                    start.await();
                    return submitWithKey(body, "retry-storm");
                }));
            }
            start.countDown();
            Set<Long> orderIds = new HashSet<>();
            for (Future<Long> answer : answers) {
                orderIds.add(answer.get());
            }
            assertThat(orderIds).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, user)).isOne();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM order_saga s JOIN orders o ON o.id = s.order_id WHERE o.user_id = ?""",
                Long.class, user)).isOne();
    }

    @Test
    void aWaitingReadAnswersAsSoonAsTheOrderFinishes() throws Exception {
        long variant = newId();
        participants.script(variant, Script.succeeding().on(DeductBalance.class, Script.Delivery.HOLD));
        long orderId = orders.place(body(newId(), null, variant, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> participants.held(orderId).contains("BalanceDeducted"));

        long started = System.nanoTime();
        CompletableFuture<OrderResponse> waiting = CompletableFuture.supplyAsync(() -> orders.get(orderId, 20_000));
        Thread.sleep(500);
        assertThat(waiting).isNotDone();
        participants.releaseHeld(orderId, false);
        OrderResponse order = waiting.get();
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(waited).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aWaitingReadSeesAnOrderThatAnotherInstanceFinished() throws Exception {
        long variant = newId();
        participants.script(variant, Script.succeeding().on(DeductBalance.class, Script.Delivery.SILENT));
        long orderId = orders.place(body(newId(), null, variant, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> participants.commands(orderId).contains("DeductBalance"));

        long started = System.nanoTime();
        CompletableFuture<OrderResponse> waiting = CompletableFuture.supplyAsync(() -> orders.get(orderId, 20_000));
        Thread.sleep(300);
        // Another instance finished it: this one commits nothing, so only the database re-check can wake the client.
        jdbc.update("UPDATE order_saga SET state = 'CANCELLED' WHERE order_id = ?", orderId);
        jdbc.update("UPDATE order_saga_participant SET deadline = NULL WHERE order_id = ?", orderId);
        jdbc.update("""
                UPDATE orders SET status = 'CANCELLED', failure_reason = 'TIMEOUT', cancelled_at = now() WHERE id = ?""",
                orderId);
        OrderResponse order = waiting.get();

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aWaitingReadAnswersPendingWhenItsTimeIsUp() {
        long variant = newId();
        participants.script(variant, Script.succeeding().on(DeductBalance.class, Script.Delivery.SILENT));
        long orderId = orders.place(body(newId(), null, variant, 1));

        long started = System.nanoTime();
        OrderResponse order = orders.get(orderId, 700);

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void listsAUsersOrdersNewestFirstAPageAtATime() {
        long user = newId();
        long first = orders.place(body(user, null, newId(), 1));
        long second = orders.place(body(user, null, newId(), 2));
        long third = orders.place(body(user, null, newId(), 3));
        orders.place(body(newId(), null, newId(), 1));

        http.get().uri("/api/v1/users/{user}/orders?page=0&size=2", user).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].orderId").isEqualTo(third)
                .jsonPath("$.items[1].orderId").isEqualTo(second)
                .jsonPath("$.items[0].userId").isEqualTo(user)
                .jsonPath("$.items[0].items[0].quantity").isEqualTo(3)
                .jsonPath("$.totalItems").isEqualTo(3)
                .jsonPath("$.totalPages").isEqualTo(2);
        http.get().uri("/api/v1/users/{user}/orders?page=1&size=2", user).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].orderId").isEqualTo(first);
        http.get().uri("/api/v1/users/{user}/orders?size=101", user).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    private long submitWithKey(Map<String, Object> body, String key) {
        return http.post().uri("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key)
                .body(body).exchange()
                .expectStatus().isAccepted()
                .expectBody(dev.flashsale.order.application.OrderAccepted.class).returnResult().getResponseBody().orderId();
    }
}
