package dev.flashsale.e2e;

import dev.flashsale.contracts.Topics;
import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.e2e.support.Wire;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka delivers at least once and participants answer on their own schedule, so order-service must take a reply
 * it has seen, a second answer under a new event id, and answers in an order it never asked for, without moving
 * money, stock or a coupon twice. The replies here are the participants' real ones, read from
 * {@code ecommerce.order-saga-replies.v1} and published again.
 */
class SagaRepliesEndToEndIT {

    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);
    private static final Wire wire = new Wire(STACK);
    private static final Duration HANDLED_WITHIN = Duration.ofSeconds(60);

    @AfterAll
    static void closeWire() {
        wire.close();
    }

    @Test
    void ignoresEveryReplyOfACompletedOrderDeliveredAgainUnderItsOwnOrANewEventId() {
        Completed order = completedOrderWithCoupon();

        List<RecordMetadata> published = new ArrayList<>();
        for (ConsumerRecord<String, String> reply : order.replies()) {
            published.add(wire.redeliver(reply));
            published.add(wire.republishAsNew(reply));
        }
        wire.awaitHandled("order-service", published, HANDLED_WITHIN);

        assertNothingMoved(order);
    }

    @Test
    void ignoresTheRepliesOfACompletedOrderArrivingAgainInReverseOrder() {
        Completed order = completedOrderWithCoupon();

        List<RecordMetadata> published = new ArrayList<>();
        for (ConsumerRecord<String, String> reply : reversed(order.replies())) {
            published.add(wire.republishAsNew(reply));
        }
        wire.awaitHandled("order-service", published, HANDLED_WITHIN);

        assertNothingMoved(order);
    }

    @Test
    void givesBackAgainWhatLateSuccessesWouldHoldAfterTheOrderWasCancelled() {
        User user = shop.newUser(5_000);
        Product lamp = shop.newProduct(10_000, 4);
        long userCouponId = shop.issue(shop.newFixedCoupon(1_000, 10), user);
        long orderId = shop.order(user, userCouponId, line(lamp, 1));
        assertThat(shop.awaitOutcome(user, orderId).path("failureReason").asString()).isEqualTo("INSUFFICIENT_BALANCE");
        List<ConsumerRecord<String, String>> replies = wire.awaitReplies(orderId, 5);
        assertThat(Wire.types(replies)).containsExactly("StockReserved", "CouponApplied", "BalanceDeductionFailed",
                "CouponRestored", "StockReleased");

        // Newest first: acknowledgements of compensations, the rejection, then the two successes, long after the end.
        List<RecordMetadata> published = new ArrayList<>();
        for (ConsumerRecord<String, String> reply : reversed(replies)) {
            published.add(wire.republishAsNew(reply));
        }
        wire.awaitHandled("order-service", published, HANDLED_WITHIN);
        await().atMost(HANDLED_WITHIN).untilAsserted(() -> assertThat(shop.openOrFailedSaga(orderId)).isNull());

        JsonNode order = shop.readOrder(user, orderId);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("failureReason").asString()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(shop.couponStatus(user, userCouponId)).isEqualTo("UNUSED");
        assertThat(shop.balance(user)).isEqualTo(5_000);
        JsonNode variant = shop.variantAudit(lamp);
        assertThat(variant.path("orderable").asInt()).isEqualTo(4);
        assertThat(variant.path("reserved").asInt()).isZero();
        assertThat(variant.path("sold").asInt()).isZero();

        List<ConsumerRecord<String, String>> afterwards = wire.recordsFor(List.of(orderId),
                Topics.COUPON_COMMANDS, Topics.STOCK_COMMANDS, Topics.ORDER_CANCELLED);
        List<String> types = Wire.types(afterwards);
        assertThat(types).as("asked once, cancelled once").containsOnlyOnce("ReserveStock", "UseCoupon", "OrderCancelled");
        assertThat(Collections.frequency(types, "RestoreCoupon")).as("the late CouponApplied was given back again")
                .isEqualTo(2);
        assertThat(Collections.frequency(types, "ReleaseStock")).as("the late StockReserved was given back again")
                .isEqualTo(2);
    }

    private record Completed(User user, Product product, long userCouponId, long orderId, JsonNode order,
                             long balance, List<ConsumerRecord<String, String>> replies) {
    }

    private static Completed completedOrderWithCoupon() {
        User user = shop.newUser(50_000);
        Product kettle = shop.newProduct(20_000, 5);
        long userCouponId = shop.issue(shop.newFixedCoupon(2_000, 10), user);
        long orderId = shop.order(user, userCouponId, line(kettle, 2));
        JsonNode order = shop.awaitOutcome(user, orderId);
        assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
        List<ConsumerRecord<String, String>> replies = wire.awaitReplies(orderId, 3);
        assertThat(Wire.types(replies)).containsExactly("StockReserved", "CouponApplied", "BalanceDeducted");
        await().atMost(HANDLED_WITHIN).untilAsserted(() -> assertThat(shop.openOrFailedSaga(orderId)).isNull());
        // product-service sells the held units when it reads the order's OrderCompleted.
        await().atMost(HANDLED_WITHIN).until(() -> shop.variantAudit(kettle).path("sold").asInt() == 2);
        return new Completed(user, kettle, userCouponId, orderId, order, shop.balance(user), replies);
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private static void assertNothingMoved(Completed before) {
        JsonNode order = shop.readOrder(before.user(), before.orderId());
        assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(order.path("paidAmount").asLong()).isEqualTo(before.order().path("paidAmount").asLong());
        assertThat(order.path("completedAt").asString()).isEqualTo(before.order().path("completedAt").asString());
        assertThat(shop.balance(before.user())).isEqualTo(before.balance()).isEqualTo(50_000 - 38_000);
        assertThat(shop.ledger(before.user())).filteredOn(entry -> "PAYMENT".equals(entry.path("type").asString()))
                .hasSize(1);
        assertThat(shop.couponStatus(before.user(), before.userCouponId())).isEqualTo("USED");
        JsonNode variant = shop.variantAudit(before.product());
        assertThat(variant.path("sold").asInt()).isEqualTo(2);
        assertThat(variant.path("reserved").asInt()).isZero();
        assertThat(shop.openOrFailedSaga(before.orderId())).isNull();

        List<ConsumerRecord<String, String>> sent = wire.sagaMessagesOf(before.orderId(), before.user().id());
        assertThat(Wire.types(sent)).as("every command and event of the order, once")
                .containsExactlyInAnyOrder("ReserveStock", "UseCoupon", "DeductBalance", "OrderCompleted");
    }
}
