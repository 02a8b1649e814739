package dev.flashsale.order;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many orders at once, every outcome mixed in: each ends once, and the books agree with each other and the wire. */
@OrderIntegrationTest
class ConcurrentOrdersIT {

    private static final int USERS = 30;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RestTestClient http;
    @Autowired
    ScriptedParticipants participants;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyConcurrentOrderEndsOnceAndEveryCompletedOneIsPaidAndPublishedOnce() throws Exception {
        OrderApi orders = new OrderApi(http);
        long selling = newId();
        long soldOut = newId();
        long broke = newId();
        long stuttering = newId();
        participants.script(selling, Script.succeeding().unitPrice(1_500).discount(200));
        participants.script(soldOut, Script.succeeding().rejectStock(ErrorCode.OUT_OF_STOCK));
        participants.script(broke, Script.succeeding().discount(100).rejectBalance(ErrorCode.INSUFFICIENT_BALANCE));
        participants.script(stuttering, Script.succeeding().unitPrice(700)
                .on(ReserveStock.class, Script.Delivery.TWICE).on(DeductBalance.class, Script.Delivery.TWICE));
        List<Long> variants = List.of(selling, soldOut, broke, stuttering);

        try (TopicReader platform = TopicReader.fromBeginning(Topics.ORDER_COMPLETED)) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<Long>> placed = new ArrayList<>();
            try {
                for (int user = 0; user < USERS; user++) {
                    long userId = newId();
                    for (long variant : variants) {
                        placed.add(clients.submit((Callable<Long>) () -> {
                            start.await();
                            return orders.place(body(userId, newId(), variant, 2));
                        }));
                    }
                }
                start.countDown();
            } finally {
                clients.shutdown();
            }
            List<Long> orderIds = new ArrayList<>();
            for (Future<Long> future : placed) {
                orderIds.add(future.get());
            }
            String ids = orderIds.stream().map(String::valueOf).collect(Collectors.joining(","));

            await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM order_saga WHERE order_id IN (" + ids + ") AND state <> 'COMPLETED' AND state <> 'CANCELLED'",
                    Long.class) == 0);

            Map<String, Long> byOutcome = new HashMap<>();
            jdbc.query("SELECT status, coalesce(failure_reason, '-') AS reason, count(*) AS n FROM orders WHERE id IN (" + ids
                            + ") GROUP BY 1, 2",
                    row -> {
                        byOutcome.put(row.getString("status") + "/" + row.getString("reason"), row.getLong("n"));
                    });
            assertThat(byOutcome).containsOnly(
                    Map.entry("COMPLETED/-", 2L * USERS),
                    Map.entry("CANCELLED/OUT_OF_STOCK", (long) USERS),
                    Map.entry("CANCELLED/INSUFFICIENT_BALANCE", (long) USERS));

            Map<String, Object> books = jdbc.queryForMap("""
                    SELECT (SELECT coalesce(sum(paid_amount), 0) FROM orders WHERE id IN (%1$s) AND status = 'COMPLETED') AS paid,
                           (SELECT coalesce(sum(amount), 0) FROM payment WHERE order_id IN (%1$s)) AS payments,
                           (SELECT count(*) FROM payment WHERE order_id IN (%1$s)) AS payment_rows
                    """.formatted(ids));
            long expectedPaid = USERS * ((2 * 1_500L - 200) + (2 * 700L));
            assertThat(((Number) books.get("paid")).longValue()).isEqualTo(expectedPaid);
            assertThat(((Number) books.get("payments")).longValue()).isEqualTo(expectedPaid);
            assertThat(((Number) books.get("payment_rows")).longValue()).isEqualTo(2L * USERS);

            Set<String> completedKeys = new HashSet<>(jdbc.queryForList(
                    "SELECT id::text FROM orders WHERE id IN (" + ids + ") AND status = 'COMPLETED'", String.class));
            List<ConsumerRecord<String, String>> events = platform.readUntil(
                    seen -> seen.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(completedKeys),
                    Duration.ofSeconds(30));
            Map<String, Set<String>> eventIdsByOrder = new HashMap<>();
            for (ConsumerRecord<String, String> event : events) {
                if (completedKeys.contains(event.key())) {
                    eventIdsByOrder.computeIfAbsent(event.key(), key -> new HashSet<>())
                            .add(JSON.readTree(event.value()).get("eventId").asString());
                }
            }
            assertThat(eventIdsByOrder.keySet()).isEqualTo(completedKeys);
            assertThat(eventIdsByOrder.values()).allSatisfy(eventIds -> assertThat(eventIds).hasSize(1));
        }

        Map<?, ?> audit = http.get().uri("/api/v1/admin/orders/audit").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(((Number) audit.get("completedPaidAmount")).longValue())
                .isEqualTo(((Number) audit.get("paymentsAmount")).longValue());
        assertThat(((Number) audit.get("completedOrders")).longValue())
                .isEqualTo(((Number) audit.get("payments")).longValue())
                .isGreaterThanOrEqualTo(2L * USERS);
        Map<?, ?> completed = http.get().uri("/api/v1/admin/orders/completed?page=0&size=10000").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Set<String> listed = ((List<?>) completed.get("items")).stream().map(String::valueOf).collect(Collectors.toSet());
        assertThat(listed).containsAll(jdbc.queryForList(
                "SELECT id::text FROM orders WHERE status = 'COMPLETED' ORDER BY id LIMIT 10000", String.class));
    }
}
