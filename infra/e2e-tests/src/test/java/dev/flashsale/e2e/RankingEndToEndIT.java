package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7 across the services: orders completed through the saga reach ranking-service on
 * {@code ecommerce.order-completed.v1}, count in the top 5 once the aggregation batch has run, and cancelled orders
 * never count.
 *
 * <p>The ranking is global and other tests sell too (at most 50 units of a product), so this test's products sell
 * hundreds of units each, cheaply, to take the first places whatever else ran in this JVM.
 */
class RankingEndToEndIT {

    private static final Shop shop = new Shop(E2eStack.get());

    @Test
    void ranksTheProductsOfCompletedOrdersAfterTheBatchRunsAndNeverCountsCancelledOnes() {
        User buyer = shop.newUser(1_000_000);
        User brokeBuyer = shop.newUser(100);
        Product first = shop.newProduct(Shop.unique("first"), 10, 1_000);
        Product second = shop.newProduct(Shop.unique("second"), 10, 1_000);
        Product tiedLowerId = shop.newProduct(Shop.unique("tied-a"), 10, 1_000);
        Product tiedHigherId = shop.newProduct(Shop.unique("tied-b"), 10, 1_000);
        Product neverPaidFor = shop.newProduct(Shop.unique("cancelled"), 10, 1_000);

        List<Long> completed = new ArrayList<>();
        completed.add(shop.orderPatiently(buyer, null, line(first, 600), line(second, 100)));
        completed.add(shop.orderPatiently(buyer, null, line(first, 300)));
        completed.add(shop.orderPatiently(buyer, null, line(second, 700)));
        completed.add(shop.orderPatiently(buyer, null, line(tiedHigherId, 700)));
        completed.add(shop.orderPatiently(buyer, null, line(tiedLowerId, 700)));
        long cancelled = shop.order(brokeBuyer, null, line(neverPaidFor, 990));
        for (long orderId : completed) {
            assertThat(shop.awaitOutcome(buyer, orderId).path("status").asString()).isEqualTo("COMPLETED");
        }
        assertThat(shop.awaitOutcome(brokeBuyer, cancelled).path("failureReason").asString())
                .isEqualTo("INSUFFICIENT_BALANCE");

        // ranking-service reads the completions from Kafka a moment after they happen; each run counts what has arrived.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            shop.aggregateRanking();
            List<JsonNode> all = new ArrayList<>();
            shop.popularProducts().path("items").forEach(all::add);
            assertThat(all).noneMatch(item -> item.path("productId").asLong() == neverPaidFor.productId());
            // Other tests of the shared stack sell too (DatabaseOutageEndToEndIT's bestseller may rank above these):
            // this test's products follow each other in this order, on consecutive ranks.
            Set<Long> ours = Set.of(first.productId(), second.productId(), tiedLowerId.productId(), tiedHigherId.productId());
            List<JsonNode> items = all.stream().filter(item -> ours.contains(item.path("productId").asLong())).toList();
            assertThat(items).hasSize(4);
            int top = items.get(0).path("rank").asInt();
            assertRanked(items.get(0), top, first, 900);
            assertRanked(items.get(1), top + 1, second, 800);
            assertRanked(items.get(2), top + 2, tiedLowerId, 700);
            assertRanked(items.get(3), top + 3, tiedHigherId, 700);
        });

        JsonNode popular = shop.popularProducts();
        assertThat(popular.path("items").size()).isLessThanOrEqualTo(5);
        assertThat(popular.path("to").asString()).as("the window ends today in Seoul")
                .isEqualTo(LocalDate.now(ZoneId.of("Asia/Seoul")).toString());
        JsonNode audit = shop.rankingAudit();
        assertThat(audit.path("consistent").asBoolean()).as(audit.toString()).isTrue();
    }

    private static void assertRanked(JsonNode item, int rank, Product product, long sold) {
        assertThat(item.path("rank").asInt()).isEqualTo(rank);
        assertThat(item.path("productId").asLong()).as("rank %d", rank).isEqualTo(product.productId());
        assertThat(item.path("soldQuantity").asLong()).as("rank %d", rank).isEqualTo(sold);
        assertThat(item.path("name").asString()).as("rank %d", rank).isEqualTo(product.name());
    }
}
