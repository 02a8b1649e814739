package dev.flashsale.order;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.ReservedLine;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.order.domain.OrderStatus;
import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.testkit.BadInput;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.PoisonMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input of every kind to every endpoint: each answer a 4xx problem with a stable code, and no order or
 * saga created; poison on the reply topic parked on its dead-letter topic while the next
 * reply moves its saga on.
 */
@OrderIntegrationTest
class BadInputIT {

    private static final long UNKNOWN = 987_654_321L;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    RestTestClient http;
    @Autowired
    ScriptedParticipants participants;
    @Autowired
    JdbcTemplate jdbc;

    private final MessageCodec codec = new MessageCodec();

    @Test
    void everyEndpointAnswersBadInputWithAProblemAndChangesNothing() {
        long userId = newId();
        long orderId = new OrderApi(http).place(body(userId, null, newId(), 1));
        new OrderApi(http).finished(orderId);
        BadInput fuzz = BadInput.at("http://localhost:" + port).header(GatewayCallers.HEADER, GatewayCallers.admin());
        BadInput.Endpoint[] endpoints = {
                fuzz.endpoint("POST", "/api/v1/orders")
                        .body("{\"userId\": " + userId + ", \"items\": [{\"variantId\": " + newId() + ", \"quantity\": 1}],"
                                + " \"userCouponId\": " + newId() + "}")
                        .optional("userCouponId")
                        // users, variants and coupons are checked by their owners in the saga, not at the door
                        .opaqueIds("userId", "items[].variantId", "userCouponId"),
                fuzz.endpoint("GET", "/api/v1/orders/{orderId}", orderId).unknownPath(UNKNOWN)
                        .badQueries("waitMs=-1", "waitMs=abc", "waitMs=99999999999999999999"),
                fuzz.endpoint("GET", "/api/v1/users/{userId}/orders", userId)
                        .badQueries("page=-1", "page=abc", "size=0", "size=101"),
                fuzz.endpoint("GET", "/api/v1/admin/sagas").badQueries("state=BOGUS", "page=-1", "size=0", "size=101"),
                fuzz.endpoint("POST", "/api/v1/admin/sagas/{orderId}/redrive", orderId).unknownPath(UNKNOWN),
                fuzz.endpoint("GET", "/api/v1/admin/orders/audit")
                        .badQueries("pendingOlderThanSeconds=-1", "pendingOlderThanSeconds=abc"),
                fuzz.endpoint("GET", "/api/v1/admin/orders/completed").badQueries("page=-1", "size=0", "size=10001")};
        fuzz.runWithoutChange(context, this::state, endpoints);
    }

    @Test
    void poisonOnTheReplyTopicIsDeadLetteredWithoutHoldingUpTheNextReply() {
        long variant = newId();
        participants.script(variant, Script.succeeding().on(ReserveStock.class, Script.Delivery.HOLD));
        OrderApi orders = new OrderApi(http);
        long orderId = orders.place(body(newId(), null, variant, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> participants.held(orderId).contains("StockReserved"));
        PoisonMessages poison = PoisonMessages.of("StockReserved");

        poison.sendAhead(codec.record(new StockReserved(orderId, List.of(new ReservedLine(
                variant, ScriptedParticipants.productOf(variant), "p", "v", 1, 1_000))), UUID.randomUUID(), ZoneId.of("Asia/Seoul")));

        assertThat(orders.finished(orderId, Duration.ofSeconds(60)).status()).isEqualTo(OrderStatus.COMPLETED);
        poison.awaitDeadLettered(Topics.deadLetter(Topics.ORDER_SAGA_REPLIES), Duration.ofSeconds(60));
    }

    /**
     * What a bad request could create: orders, their lines and sagas, idempotency keys. Sagas that other test
     * classes left running may still move and pay meanwhile, so states, payments and the outbox are not compared.
     */
    private List<Object> state() {
        return List.of(
                jdbc.queryForList("SELECT count(*) FROM orders"),
                jdbc.queryForList("SELECT count(*) FROM order_item"),
                jdbc.queryForList("SELECT count(*) FROM order_saga"),
                jdbc.queryForList("SELECT count(*) FROM messaging.idempotency_key"));
    }
}
