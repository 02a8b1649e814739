package dev.flashsale.e2e;

import dev.flashsale.contracts.Topics;
import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.e2e.support.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A paid order never ends without its goods (issue: "money without goods"). Before, the order was COMPLETED and
 * paid while its stock was still only reserved with a deadline; when product-service lagged past that deadline the
 * units went back to orderable, another order took them, and the paid order ended with no goods and no refund.
 * Now the units held for an order leave the reservation only by the order's own saga: sold when product-service
 * reads the order's OrderCompleted, or released by its compensation.
 */
class PaidOrderKeepsItsGoodsEndToEndIT {

    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);
    private static final Wire wire = new Wire(STACK);

    @AfterAll
    static void closeWire() {
        wire.close();
    }

    @Test
    void aCompetingOrderCannotTakeTheUnitsOfAPaidOrderWhileProductServiceLagsBehind() throws Exception {
        User first = shop.newUser(50_000);
        User second = shop.newUser(50_000);
        Product lastPair = shop.newProduct(30_000, 1);

        STACK.restartAfter("balance-service", () -> STACK.restartAfter("product-service", () -> {
            // Hold the first order between its stock step and its balance step.
            STACK.pause("balance-service");
            long paid = shop.order(first, null, line(lastPair, 1));
            // Reserved, and the reply (from product-service's own outbox relay) seen by the saga: the order is priced.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> shop.variantAudit(lastPair).path("reserved").asInt() == 1
                            && !shop.readOrder(first, paid).path("totalAmount").isNull());

            // Now product-service stops reading: it will not see the first order's OrderCompleted for a while.
            STACK.pause("product-service");
            STACK.resume("balance-service");
            JsonNode completed = shop.awaitOutcome(first, paid);
            assertThat(completed.path("status").asString()).isEqualTo("COMPLETED");

            // A competing order for the same unit, queued behind the lagging consumer (held units have no expiry to
            // wait out: five seconds put its ReserveStock on the topic well before product-service reads again).
            long competing = shop.order(second, null, line(lastPair, 1));
            Thread.sleep(5_000);
            STACK.resume("product-service");

            JsonNode refused = shop.awaitOutcome(second, competing, Duration.ofMinutes(2));
            assertThat(refused.path("status").asString()).isEqualTo("CANCELLED");
            assertThat(refused.path("failureReason").asString()).as("the unit is the paid order's")
                    .isIn("OUT_OF_STOCK", "TIMEOUT");
            assertThat(shop.balance(second)).isEqualTo(50_000);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode variant = shop.variantAudit(lastPair);
                assertThat(variant.path("sold").asInt()).as("sold to the paid order").isEqualTo(1);
                assertThat(variant.path("reserved").asInt()).isZero();
                assertThat(variant.path("orderable").asInt()).isZero();
            });
            JsonNode order = shop.readOrder(first, paid);
            assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(order.path("paidAmount").asLong()).isEqualTo(30_000);
            assertThat(shop.balance(first)).isEqualTo(20_000);
            assertThat(shop.ledger(first)).filteredOn(entry -> "REFUND".equals(entry.path("type").asString())).isEmpty();
            assertThat(Wire.types(wire.recordsFor(List.of(paid), Topics.ORDER_COMPLETED)))
                    .containsExactly("OrderCompleted");
        }));
    }
}
