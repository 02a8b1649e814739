package dev.flashsale.order;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.order.domain.OrderStatus;
import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.OrderRows;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.order.web.OrderResponse;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The saga against participants that answer, refuse, or answer twice, on the real broker. */
@OrderIntegrationTest
class OrderSagaFlowIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    void completesAnOrderWithoutACouponAndPublishesItOnceForTheDataPlatform() {
        long user = newId();
        long variant = newId();
        long other = newId();
        participants.script(variant, Script.succeeding().unitPrice(19_000));
        long orderId;

        try (TopicReader platform = TopicReader.fromBeginning(Topics.ORDER_COMPLETED)) {
            orderId = orders.place(body(user, null, variant, 2, other, 1));
            OrderResponse order = orders.finished(orderId);

            assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
            assertThat(order.totalAmount()).isEqualTo(57_000);
            assertThat(order.discountAmount()).isZero();
            assertThat(order.paidAmount()).isEqualTo(57_000);
            assertThat(order.failureReason()).isNull();
            assertThat(order.completedAt()).isNotNull();
            assertThat(order.items()).extracting(OrderResponse.Item::variantId, OrderResponse.Item::productId,
                            OrderResponse.Item::unitPrice)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(variant, ScriptedParticipants.productOf(variant), 19_000L),
                            org.assertj.core.groups.Tuple.tuple(other, ScriptedParticipants.productOf(other), 19_000L));
            assertThat(payment(orderId)).containsEntry("amount", 57_000L).containsEntry("payment_ref", "pay-" + orderId);

            List<ConsumerRecord<String, String>> events = eventsOf(platform, orderId);
            assertThat(events).singleElement().satisfies(event -> {
                JsonNode value = JSON.readTree(event.value());
                assertThat(value.get("type").asString()).isEqualTo("OrderCompleted");
                assertThat(value.get("version").asInt()).isEqualTo(1);
                assertThat(value.get("eventId").asString()).isNotBlank();
                assertThat(value.get("occurredAt").asString()).endsWith("+09:00");
                assertThat(value.get("orderId").asLong()).isEqualTo(orderId);
                assertThat(value.get("userId").asLong()).isEqualTo(user);
                assertThat(value.get("totalAmount").asLong()).isEqualTo(57_000);
                assertThat(value.get("discountAmount").asLong()).isZero();
                assertThat(value.get("paidAmount").asLong()).isEqualTo(57_000);
                assertThat(value.get("userCouponId").isNull()).isTrue();
                JsonNode item = value.get("items").get(0);
                assertThat(item.get("productId").asLong()).isEqualTo(ScriptedParticipants.productOf(variant));
                assertThat(item.get("variantId").asLong()).isEqualTo(variant);
                assertThat(item.get("quantity").asInt()).isEqualTo(2);
                assertThat(item.get("unitPrice").asLong()).isEqualTo(19_000);
            });
        }
        long completed = orderId;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(new OrderRows(jdbc).sagaState(completed)).isEqualTo("COMPLETED"));
    }

    @Test
    void completesAnOrderWithACouponDiscountedOnTheReservedPrices() {
        long user = newId();
        long variant = newId();
        long coupon = newId();
        participants.script(variant, Script.succeeding().unitPrice(19_000).discount(3_800));

        long orderId = orders.place(body(user, coupon, variant, 2));
        OrderResponse order = orders.finished(orderId);

        assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(order.userCouponId()).isEqualTo(coupon);
        assertThat(order.totalAmount()).isEqualTo(38_000);
        assertThat(order.discountAmount()).isEqualTo(3_800);
        assertThat(order.paidAmount()).isEqualTo(34_200);
        assertThat(payment(orderId)).containsEntry("amount", 34_200L);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(participants.commands(orderId))
                .containsExactly("ReserveStock", "UseCoupon", "DeductBalance"));
        assertThat(participants.count(orderId, UseCoupon.class)).isOne();
    }

    @Test
    void cancelsAnOrderForWhichThereIsNoStock() {
        long variant = newId();
        participants.script(variant, Script.succeeding().rejectStock(ErrorCode.OUT_OF_STOCK));

        try (TopicReader cancellations = TopicReader.fromBeginning(Topics.ORDER_CANCELLED)) {
            long orderId = orders.place(body(newId(), newId(), variant, 5));
            OrderResponse order = orders.finished(orderId);

            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(order.failureReason()).isEqualTo(ErrorCode.OUT_OF_STOCK);
            assertThat(order.paidAmount()).isZero();
            assertThat(participants.commands(orderId)).containsExactly("ReserveStock");
            assertThat(payment(orderId)).isEmpty();
            assertThat(eventsOf(cancellations, orderId)).singleElement().satisfies(event ->
                    assertThat(JSON.readTree(event.value()).get("failureReason").asString()).isEqualTo("OUT_OF_STOCK"));
        }
    }

    @Test
    void cancelsAnOrderForAnUnknownProduct() {
        long variant = newId();
        participants.script(variant, Script.succeeding().rejectStock(ErrorCode.PRODUCT_NOT_FOUND));

        OrderResponse order = orders.finished(orders.place(body(newId(), null, variant, 1)));

        assertThat(order.failureReason()).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
    }

    @Test
    void releasesTheStockWhenTheCouponIsRejected() {
        long variant = newId();
        participants.script(variant, Script.succeeding().rejectCoupon(ErrorCode.COUPON_EXPIRED));

        long orderId = orders.place(body(newId(), newId(), variant, 1));
        OrderResponse order = orders.finished(orderId);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.failureReason()).isEqualTo(ErrorCode.COUPON_EXPIRED);
        assertThat(participants.commands(orderId)).containsExactly("ReserveStock", "UseCoupon", "ReleaseStock");
    }

    @Test
    void restoresTheCouponThenReleasesTheStockWhenTheBalanceIsShortAfterTheCouponWasUsed() {
        long variant = newId();
        participants.script(variant, Script.succeeding().discount(500).rejectBalance(ErrorCode.INSUFFICIENT_BALANCE));

        long orderId = orders.place(body(newId(), newId(), variant, 3));
        OrderResponse order = orders.finished(orderId);

        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.failureReason()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(order.paidAmount()).isZero();
        assertThat(participants.commands(orderId))
                .containsExactly("ReserveStock", "UseCoupon", "DeductBalance", "RestoreCoupon", "ReleaseStock");
        assertThat(payment(orderId)).isEmpty();
    }

    @Test
    void cancelsAnOrderOfAnUnknownUserAfterGivingTheStockBack() {
        long variant = newId();
        participants.script(variant, Script.succeeding().rejectBalance(ErrorCode.USER_NOT_FOUND));

        long orderId = orders.place(body(newId(), null, variant, 1));
        OrderResponse order = orders.finished(orderId);

        assertThat(order.failureReason()).isEqualTo(ErrorCode.USER_NOT_FOUND);
        assertThat(participants.commands(orderId)).containsExactly("ReserveStock", "DeductBalance", "ReleaseStock");
    }

    @Test
    void repliesDeliveredTwiceNeitherPayTwiceNorPublishTwice() {
        long variant = newId();
        participants.script(variant, Script.succeeding().discount(100)
                .on(ReserveStock.class, Script.Delivery.TWICE)
                .on(UseCoupon.class, Script.Delivery.TWICE)
                .on(DeductBalance.class, Script.Delivery.TWICE));

        try (TopicReader platform = TopicReader.fromBeginning(Topics.ORDER_COMPLETED)) {
            long orderId = orders.place(body(newId(), newId(), variant, 2));
            OrderResponse order = orders.finished(orderId);
            // The same reply again under the same event id, as a redelivery by the broker: the inbox skips it.
            UUID eventId = UUID.randomUUID();
            participants.publish(new BalanceDeducted(orderId, order.userId(), 1_900, "pay-" + orderId), eventId);
            participants.publish(new BalanceDeducted(orderId, order.userId(), 1_900, "pay-" + orderId), eventId);
            participants.publish(new StockReserved(orderId, List.of(new dev.flashsale.contracts.saga.ReservedLine(
                    variant, ScriptedParticipants.productOf(variant), "p", "v", 2, 1))), UUID.randomUUID());

            assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
            assertThat(order.paidAmount()).isEqualTo(1_900);
            assertThat(eventsOf(platform, orderId)).hasSize(1);
            assertThat(platform.readFor(Duration.ofSeconds(2)).stream().filter(r -> r.key().equals(Long.toString(orderId))))
                    .hasSize(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE order_id = ?", Long.class, orderId)).isOne();
            assertThat(orders.get(orderId, 0).totalAmount()).as("a stray reservation does not reprice").isEqualTo(2_000);
            assertThat(participants.commands(orderId))
                    .containsExactly("ReserveStock", "UseCoupon", "DeductBalance");
        }
    }

    private List<ConsumerRecord<String, String>> eventsOf(TopicReader reader, long orderId) {
        String key = Long.toString(orderId);
        return reader.readUntil(seen -> seen.stream().anyMatch(r -> r.key().equals(key)), Duration.ofSeconds(20))
                .stream().filter(r -> r.key().equals(key)).toList();
    }

    private Map<String, Object> payment(long orderId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT amount, payment_ref FROM payment WHERE order_id = ?", orderId);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }


}
