package dev.flashsale.e2e;

import dev.flashsale.contracts.Topics;
import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.e2e.support.Wire;
import dev.flashsale.testkit.Concurrently;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flash sale through the gateway: many orders at once against little stock, with coupons, on the real services.
 * Afterwards every promise is checked in the services' own books: stock, balances, coupons, orders, and what the
 * external data platform read.
 */
class ConcurrentOrdersEndToEndIT {

    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);
    private static final Wire wire = new Wire(STACK);
    private static final Duration SETTLED_WITHIN = Duration.ofMinutes(4);

    private static final int USERS = 100;
    private static final int ORDERS_PER_USER = 3;
    private static final int STOCK = 50;
    private static final long PRICE = 10_000;
    private static final long DISCOUNT = 2_000;
    /** Exactly enough for all three orders of a user: a user whose three orders all win ends at 0, not below. */
    private static final long CHARGED = (PRICE - DISCOUNT) + 2 * PRICE;

    private record Buyer(User user, long userCouponId) {
    }

    private record Placed(Buyer buyer, boolean withCoupon, long orderId) {
    }

    @AfterAll
    static void closeWire() {
        wire.close();
    }

    /**
     * 300 orders from 100 users for one variant with 50 units: each user's first order names the user's coupon.
     * Every order that gets a unit can pay for it, so exactly the stock must be sold: a unit sold twice or lost on
     * the way (held by a cancelled order, say) would show.
     */
    @Test
    void sellsExactlyTheStockToThreeHundredConcurrentOrdersAndAccountsForEveryWon() {
        Product product = shop.newProduct(PRICE, STOCK);
        long couponId = shop.newFixedCoupon(DISCOUNT, USERS);
        List<Buyer> buyers = Concurrently.run(USERS, 16, i -> {
            User user = shop.newUser(CHARGED);
            return new Buyer(user, shop.issue(couponId, user));
        });

        List<Placed> placed = Concurrently.run(USERS * ORDERS_PER_USER, USERS, i -> {
            Buyer buyer = buyers.get(i % USERS);
            boolean withCoupon = i < USERS;
            return new Placed(buyer, withCoupon,
                    shop.orderPatiently(buyer.user(), withCoupon ? buyer.userCouponId() : null, line(product, 1)));
        });
        JsonNode orderBooks = shop.awaitAllSagasSettled(SETTLED_WITHIN);

        Map<Long, JsonNode> orders = Concurrently.run(placed.size(), 16,
                        i -> shop.readOrder(placed.get(i).buyer().user(), placed.get(i).orderId())).stream()
                .collect(Collectors.toMap(order -> order.path("orderId").asLong(), order -> order));
        assertThat(orders).as("one order per submission").hasSize(USERS * ORDERS_PER_USER);
        Set<Long> completed = idsWithStatus(orders, "COMPLETED");
        Set<Long> cancelled = idsWithStatus(orders, "CANCELLED");
        assertThat(completed.size() + cancelled.size()).as("none left PENDING").isEqualTo(orders.size());

        // Stock: exactly what there was, sold once each. On a loaded machine a ReserveStock can wait in the queue
        // longer than the step timeout: that order is cancelled with TIMEOUT and its unit released, possibly after
        // every later order was already turned away, so then a unit may stay unsold, but never sold twice or held.
        Map<String, Long> reasons = cancelled.stream().collect(Collectors.groupingBy(
                id -> orders.get(id).path("failureReason").asString(), Collectors.counting()));
        assertThat(reasons.keySet()).as("why orders were cancelled").isSubsetOf("OUT_OF_STOCK", "TIMEOUT");
        JsonNode variant = shop.variantAudit(product);
        assertThat(variant.path("sold").asInt()).as("one unit per completed order").isEqualTo(completed.size());
        assertThat(variant.path("reserved").asInt()).isZero();
        assertThat(variant.path("orderable").asInt() + variant.path("sold").asInt()).isEqualTo(STOCK);
        assertThat(variant.path("consistent").asBoolean()).isTrue();
        if (!reasons.containsKey("TIMEOUT")) {
            assertThat(completed).hasSize(STOCK);
        } else {
            System.out.printf("%d order(s) timed out waiting for their stock: %d of %d units sold%n",
                    reasons.get("TIMEOUT"), completed.size(), STOCK);
            assertThat(completed.size()).as("only the timed-out orders' units can be left")
                    .isBetween(STOCK - reasons.get("TIMEOUT").intValue(), STOCK);
        }

        // Money: every won charged is in a balance or in a completed order's payment, no balance below zero.
        Map<Long, Long> paidByUser = placed.stream().filter(order -> completed.contains(order.orderId()))
                .collect(Collectors.groupingBy(order -> order.buyer().user().id(),
                        Collectors.summingLong(order -> orders.get(order.orderId()).path("paidAmount").asLong())));
        long balances = 0;
        for (Buyer buyer : buyers) {
            long balance = shop.balance(buyer.user());
            assertThat(balance).isEqualTo(CHARGED - paidByUser.getOrDefault(buyer.user().id(), 0L)).isNotNegative();
            balances += balance;
        }
        long paid = paidByUser.values().stream().mapToLong(Long::longValue).sum();
        assertThat(balances + paid).isEqualTo(USERS * CHARGED);

        // Coupons: used by exactly the completed orders that named one, and at most once each.
        Set<Long> usedBy = placed.stream().filter(order -> order.withCoupon() && completed.contains(order.orderId()))
                .map(order -> order.buyer().userCouponId()).collect(Collectors.toSet());
        for (Placed order : placed.stream().filter(Placed::withCoupon).toList()) {
            JsonNode read = orders.get(order.orderId());
            if (completed.contains(order.orderId())) {
                assertThat(read.path("paidAmount").asLong()).isEqualTo(PRICE - DISCOUNT);
            }
            assertThat(shop.couponStatus(order.buyer().user(), order.buyer().userCouponId()))
                    .isEqualTo(usedBy.contains(order.buyer().userCouponId()) ? "USED" : "UNUSED");
        }
        JsonNode coupon = shop.couponAudit(couponId);
        assertThat(coupon.path("used").asInt()).isEqualTo(usedBy.size());
        assertThat(coupon.path("consistent").asBoolean()).isTrue();

        // The external data platform: each completed order once, by event id; no cancelled order among them.
        List<ConsumerRecord<String, String>> published = wire.awaitRecords(Topics.ORDER_COMPLETED, completed, 1,
                Duration.ofSeconds(60));
        assertThat(Wire.eventIdsByKey(published.stream())).hasSize(completed.size())
                .allSatisfy((orderId, eventIds) -> assertThat(eventIds).as("event ids of order %s", orderId).hasSize(1));
        List<ConsumerRecord<String, String>> everything = wire.recordsFor(orders.keySet(), Topics.ORDER_COMPLETED,
                Topics.ORDER_CANCELLED);
        assertThat(everything.stream().filter(record -> record.topic().equals(Topics.ORDER_COMPLETED))
                .map(ConsumerRecord::key).collect(Collectors.toSet()))
                .isEqualTo(completed.stream().map(String::valueOf).collect(Collectors.toSet()));
        assertThat(Wire.eventIdsByKey(everything.stream().filter(record -> record.topic().equals(Topics.ORDER_CANCELLED))))
                .hasSize(cancelled.size())
                .allSatisfy((orderId, eventIds) -> assertThat(eventIds).hasSize(1));

        assertBooksBalance(orderBooks);
    }

    @Test
    void usesACouponForOnlyOneOfTheOrdersThatNameItAtOnce() {
        User user = shop.newUser(100_000);
        Product product = shop.newProduct(PRICE, 10);
        long userCouponId = shop.issue(shop.newFixedCoupon(1_000, 10), user);

        List<JsonNode> orders = placeAtOnce(5, user, userCouponId, product);

        assertThat(orders).extracting(order -> order.path("status").asString())
                .containsOnlyOnce("COMPLETED").containsOnly("COMPLETED", "CANCELLED");
        assertThat(orders).filteredOn(order -> "CANCELLED".equals(order.path("status").asString()))
                .allSatisfy(order -> assertThat(order.path("failureReason").asString()).isEqualTo("COUPON_NOT_USABLE"));
        assertThat(shop.couponStatus(user, userCouponId)).isEqualTo("USED");
        assertThat(shop.balance(user)).isEqualTo(100_000 - (PRICE - 1_000));
        assertStock(product, 1, 9);
    }

    @Test
    void paysOnlyForTheOrdersTheBalanceCoversWhenTheyArriveAtOnce() {
        User user = shop.newUser(2 * PRICE + 5_000);
        Product product = shop.newProduct(PRICE, 10);

        List<JsonNode> orders = placeAtOnce(5, user, null, product);

        assertThat(orders).filteredOn(order -> "COMPLETED".equals(order.path("status").asString())).hasSize(2);
        assertThat(orders).filteredOn(order -> "CANCELLED".equals(order.path("status").asString())).hasSize(3)
                .allSatisfy(order -> assertThat(order.path("failureReason").asString()).isEqualTo("INSUFFICIENT_BALANCE"));
        assertThat(shop.balance(user)).isEqualTo(5_000);
        assertStock(product, 2, 8);
    }

    private static List<JsonNode> placeAtOnce(int orders, User user, Long userCouponId, Product product) {
        List<Long> ids = Concurrently.run(orders, orders, i -> shop.orderPatiently(user, userCouponId, line(product, 1)));
        return ids.stream().map(id -> shop.awaitOutcome(user, id)).toList();
    }

    private static void assertStock(Product product, int sold, int orderable) {
        shop.awaitAllSagasSettled(SETTLED_WITHIN);
        JsonNode variant = shop.variantAudit(product);
        assertThat(variant.path("sold").asInt()).isEqualTo(sold);
        assertThat(variant.path("orderable").asInt()).isEqualTo(orderable);
        assertThat(variant.path("reserved").asInt()).isZero();
    }

    /** The services' audits agree with each other once nothing is in flight. */
    private static void assertBooksBalance(JsonNode orderBooks) {
        JsonNode balanceBooks = shop.balanceAudit();
        assertThat(balanceBooks.path("consistent").asBoolean()).as(balanceBooks.toString()).isTrue();
        assertThat(balanceBooks.path("negativeBalances").asLong()).isZero();
        assertThat(orderBooks.path("completedOrders").asLong()).isEqualTo(orderBooks.path("payments").asLong());
        assertThat(orderBooks.path("completedPaidAmount").asLong()).isEqualTo(orderBooks.path("paymentsAmount").asLong());
        assertThat(orderBooks.path("failedSagas").asLong()).isZero();
        assertThat(balanceBooks.path("deductedAmount").asLong()).as("money held by balance-service for orders")
                .isEqualTo(orderBooks.path("paymentsAmount").asLong());
        assertThat(balanceBooks.path("deductedOrders").asLong()).isEqualTo(orderBooks.path("payments").asLong());
        assertThat(shop.productAudit().path("consistent").asBoolean()).isTrue();
    }

    private static Set<Long> idsWithStatus(Map<Long, JsonNode> orders, String status) {
        return orders.entrySet().stream().filter(entry -> status.equals(entry.getValue().path("status").asString()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
