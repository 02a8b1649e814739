package dev.flashsale.e2e;

import dev.flashsale.contracts.Topics;
import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Http;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.e2e.support.Wire;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flow 5 of docs/flows.md (order and pay) through the gateway with all four services on the real broker and PostgreSQL: every
 * outcome of the order saga, what each service holds afterwards, and what the external data platform reads.
 */
class OrderSagaEndToEndIT {

    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);
    private static final Wire wire = new Wire(STACK);

    @AfterAll
    static void closeWire() {
        wire.close();
    }

    @Test
    void completesAnOrderWithoutACouponTakingTheMoneyAndSellingTheStock() {
        User user = shop.newUser(100_000);
        Product tee = shop.newProduct(12_000, 10);

        long orderId = shop.order(user, null, line(tee, 3));
        JsonNode order = shop.awaitOutcome(user, orderId);

        assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(order.path("totalAmount").asLong()).isEqualTo(36_000);
        assertThat(order.path("discountAmount").asLong()).isZero();
        assertThat(order.path("paidAmount").asLong()).isEqualTo(36_000);
        assertThat(order.path("failureReason").isNull()).isTrue();
        assertThat(order.path("completedAt").isString()).isTrue();
        JsonNode item = order.path("items").path(0);
        assertThat(item.path("productId").asLong()).isEqualTo(tee.productId());
        assertThat(item.path("unitPrice").asLong()).as("the price comes from product-service").isEqualTo(12_000);

        assertThat(shop.balance(user)).isEqualTo(64_000);
        assertThat(shop.ledger(user)).filteredOn(entry -> "PAYMENT".equals(entry.path("type").asString()))
                .singleElement().satisfies(payment -> {
                    assertThat(payment.path("amount").asLong()).isEqualTo(36_000);
                    assertThat(payment.path("orderId").asLong()).isEqualTo(orderId);
                });
        awaitSold(tee, 3, 7);

        ConsumerRecord<String, String> event = onlyEventOf(Topics.ORDER_COMPLETED, orderId);
        JsonNode published = json(event);
        assertThat(published.path("type").asString()).isEqualTo("OrderCompleted");
        assertThat(published.path("version").asInt()).isEqualTo(1);
        assertThat(published.path("eventId").asString()).isEqualTo(Wire.eventId(event));
        assertThat(OffsetDateTime.parse(published.path("occurredAt").asString()).getOffset().getTotalSeconds())
                .as("Asia/Seoul").isEqualTo(9 * 3600);
        assertThat(published.path("orderId").asLong()).isEqualTo(orderId);
        assertThat(published.path("userId").asLong()).isEqualTo(user.id());
        assertThat(published.path("totalAmount").asLong()).isEqualTo(36_000);
        assertThat(published.path("discountAmount").asLong()).isZero();
        assertThat(published.path("paidAmount").asLong()).isEqualTo(36_000);
        assertThat(published.path("userCouponId").isNull()).isTrue();
        JsonNode publishedItem = published.path("items").path(0);
        assertThat(publishedItem.path("productId").asLong()).isEqualTo(tee.productId());
        assertThat(publishedItem.path("variantId").asLong()).isEqualTo(tee.variantId());
        assertThat(publishedItem.path("quantity").asInt()).isEqualTo(3);
        assertThat(publishedItem.path("unitPrice").asLong()).isEqualTo(12_000);
    }

    @Test
    void completesAnOrderWithACouponChargingTheDiscountedAmount() {
        User user = shop.newUser(100_000);
        Product hoodie = shop.newProduct(20_000, 5);
        long couponId = shop.newPercentageCoupon(10, 3_000L, 10);
        long userCouponId = shop.issue(couponId, user);

        long orderId = shop.order(user, userCouponId, line(hoodie, 2));
        JsonNode order = shop.awaitOutcome(user, orderId);

        assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(order.path("totalAmount").asLong()).isEqualTo(40_000);
        assertThat(order.path("discountAmount").asLong()).as("10 %% capped at 3,000").isEqualTo(3_000);
        assertThat(order.path("paidAmount").asLong()).isEqualTo(37_000);
        assertThat(order.path("userCouponId").asLong()).isEqualTo(userCouponId);
        assertThat(shop.balance(user)).isEqualTo(63_000);
        assertThat(shop.couponStatus(user, userCouponId)).isEqualTo("USED");
        awaitSold(hoodie, 2, 3);

        JsonNode published = json(onlyEventOf(Topics.ORDER_COMPLETED, orderId));
        assertThat(published.path("discountAmount").asLong()).isEqualTo(3_000);
        assertThat(published.path("paidAmount").asLong()).isEqualTo(37_000);
        assertThat(published.path("userCouponId").asLong()).isEqualTo(userCouponId);
    }

    @Test
    void cancelsAnOrderForMoreThanIsInStockWithoutTouchingBalanceOrCoupon() {
        User user = shop.newUser(100_000);
        Product sneakers = shop.newProduct(30_000, 2);
        long userCouponId = shop.issue(shop.newFixedCoupon(1_000, 10), user);

        long orderId = shop.order(user, userCouponId, line(sneakers, 3));

        assertCancelled(user, orderId, "OUT_OF_STOCK");
        assertThat(shop.balance(user)).isEqualTo(100_000);
        assertThat(shop.couponStatus(user, userCouponId)).isEqualTo("UNUSED");
        assertHeldNothing(sneakers, 2);
        assertThat(Wire.types(wire.awaitReplies(orderId, 1))).containsExactly("StockReservationFailed");
    }

    @Test
    void givesBackTheCouponThenTheStockWhenTheBalanceFallsShortAfterTheCouponWasUsed() {
        User user = shop.newUser(5_000);
        Product coat = shop.newProduct(10_000, 5);
        long userCouponId = shop.issue(shop.newFixedCoupon(1_000, 10), user);

        long orderId = shop.order(user, userCouponId, line(coat, 1));

        assertCancelled(user, orderId, "INSUFFICIENT_BALANCE");
        assertThat(shop.balance(user)).isEqualTo(5_000);
        assertThat(shop.ledger(user)).extracting(entry -> entry.path("type").asString()).containsExactly("CHARGE");
        assertThat(shop.couponStatus(user, userCouponId)).isEqualTo("UNUSED");
        assertHeldNothing(coat, 5);
        assertThat(Wire.types(wire.awaitReplies(orderId, 5))).as("used, refused, then given back newest first")
                .containsExactly("StockReserved", "CouponApplied", "BalanceDeductionFailed", "CouponRestored",
                        "StockReleased");
    }

    @Test
    void releasesTheStockWhenTheCouponBelongsToSomeoneElse() {
        User owner = shop.newUser(0);
        User other = shop.newUser(100_000);
        Product cap = shop.newProduct(8_000, 4);
        long ownersCoupon = shop.issue(shop.newFixedCoupon(1_000, 10), owner);

        long orderId = shop.order(other, ownersCoupon, line(cap, 1));

        assertCancelled(other, orderId, "COUPON_NOT_USABLE");
        assertThat(shop.couponStatus(owner, ownersCoupon)).isEqualTo("UNUSED");
        assertThat(shop.balance(other)).isEqualTo(100_000);
        assertHeldNothing(cap, 4);
    }

    @Test
    void releasesTheStockWhenTheCouponWasUsedByAnEarlierOrder() {
        User user = shop.newUser(100_000);
        Product mug = shop.newProduct(5_000, 4);
        long userCouponId = shop.issue(shop.newFixedCoupon(1_000, 10), user);
        long first = shop.order(user, userCouponId, line(mug, 1));
        assertThat(shop.awaitOutcome(user, first).path("status").asString()).isEqualTo("COMPLETED");

        long second = shop.order(user, userCouponId, line(mug, 1));

        assertCancelled(user, second, "COUPON_NOT_USABLE");
        assertThat(shop.couponStatus(user, userCouponId)).isEqualTo("USED");
        assertThat(shop.balance(user)).isEqualTo(100_000 - 4_000);
        awaitSold(mug, 1, 3);
    }

    @Test
    void cancelsTheOrderOfAUserNobodyRegisteredAndReleasesItsStock() {
        User stranger = shop.unknownUser();
        Product socks = shop.newProduct(3_000, 6);

        long orderId = shop.order(stranger, null, line(socks, 2));

        assertCancelled(stranger, orderId, "USER_NOT_FOUND");
        assertHeldNothing(socks, 6);
    }

    @Test
    void cancelsAnOrderForAProductThatDoesNotExist() {
        User user = shop.newUser(100_000);

        long orderId = shop.order(user, null, new Shop.Line(Long.MAX_VALUE / 2, 1));

        assertCancelled(user, orderId, "PRODUCT_NOT_FOUND");
        assertThat(shop.balance(user)).isEqualTo(100_000);
    }

    @Test
    void releasesTheStockWhenTheCouponDoesNotExist() {
        User user = shop.newUser(100_000);
        Product scarf = shop.newProduct(15_000, 3);

        long orderId = shop.order(user, Long.MAX_VALUE / 2, line(scarf, 1));

        assertCancelled(user, orderId, "COUPON_NOT_USABLE");
        assertThat(shop.balance(user)).isEqualTo(100_000);
        assertHeldNothing(scarf, 3);
    }

    @Test
    void refusesAMalformedOrderAndPlacesNothing() {
        User user = shop.newUser(100_000);
        Product belt = shop.newProduct(9_000, 3);

        var answer = shop.submit(user, null, line(belt, 0));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(shop.http().get(shop.gateway("/api/v1/users/" + user.id() + "/orders"), user.token()).expect(200)
                .json().path("totalItems").asLong()).isZero();
        assertHeldNothing(belt, 3);
    }

    private static void assertCancelled(User user, long orderId, String reason) {
        JsonNode order = shop.awaitOutcome(user, orderId);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("failureReason").asString()).isEqualTo(reason);
        assertThat(order.path("paidAmount").asLong()).isZero();
        JsonNode published = json(onlyEventOf(Topics.ORDER_CANCELLED, orderId));
        assertThat(published.path("type").asString()).isEqualTo("OrderCancelled");
        assertThat(published.path("failureReason").asString()).isEqualTo(reason);
        assertThat(published.path("userId").asLong()).isEqualTo(user.id());
    }

    /** Everything reserved for the order went back: nothing reserved, nothing sold. */
    private static void assertHeldNothing(Product product, int orderable) {
        JsonNode variant = shop.variantAudit(product);
        assertThat(variant.path("orderable").asInt()).isEqualTo(orderable);
        assertThat(variant.path("reserved").asInt()).isZero();
        assertThat(variant.path("sold").asInt()).isZero();
        assertThat(variant.path("consistent").asBoolean()).isTrue();
    }

    /** The confirmation follows the completion by a message, so the units move from reserved to sold a moment later. */
    private static void awaitSold(Product product, int sold, int orderable) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode variant = shop.variantAudit(product);
            assertThat(variant.path("sold").asInt()).isEqualTo(sold);
            assertThat(variant.path("reserved").asInt()).isZero();
            assertThat(variant.path("orderable").asInt()).isEqualTo(orderable);
            assertThat(variant.path("consistent").asBoolean()).isTrue();
        });
    }

    /** The public topic carries the order under one event id (a redelivery would repeat that id, never another). */
    private static ConsumerRecord<String, String> onlyEventOf(String topic, long orderId) {
        List<ConsumerRecord<String, String>> records = wire.awaitRecords(topic, List.of(orderId), 1,
                Duration.ofSeconds(30));
        assertThat(records.stream().map(Wire::eventId).distinct()).as("event ids of order %d on %s", orderId, topic)
                .hasSize(1);
        return records.get(0);
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        return Http.parse(record.value());
    }
}
