package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.e2e.support.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A participant that never answers: coupon-service is down while an order that names a coupon waits on it. The
 * saga gives the step up at its deadline ({@code ORDER_SAGA_STEP_TIMEOUT}), and the order is cancelled only once
 * everything is given back, which can happen only when coupon-service is back: it then handles the UseCoupon that
 * waited for it on the broker (a late success), the RestoreCoupon behind it, and the stock is released.
 */
class ParticipantOutageEndToEndIT {

    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);
    private static final Wire wire = new Wire(STACK);

    @AfterAll
    static void closeWire() {
        wire.close();
    }

    @Test
    void timesOutAStepWhoseParticipantIsDownAndGivesEverythingBackOnceItIsBack() throws Exception {
        User user = shop.newUser(50_000);
        Product bag = shop.newProduct(10_000, 3);
        long userCouponId = shop.issue(shop.newFixedCoupon(1_000, 10), user);
        AtomicLong orderId = new AtomicLong();

        STACK.restartAfter("coupon-service", () -> {
            STACK.stop("coupon-service");
            orderId.set(shop.order(user, userCouponId, line(bag, 1)));

            Duration giveUpWithin = STACK.sagaStepTimeout().plusSeconds(30);
            await().atMost(giveUpWithin).untilAsserted(() -> {
                JsonNode saga = shop.openOrFailedSaga(orderId.get());
                assertThat(saga).isNotNull();
                assertThat(saga.path("failureReason").asString()).isEqualTo("TIMEOUT");
                assertThat(saga.path("participants").path(1).path("name").asString()).isEqualTo("coupon");
                assertThat(saga.path("participants").path(1).path("effect").asString())
                        .as("waiting to give the coupon back").isEqualTo("UNDOING");
            });
            JsonNode meanwhile = shop.readOrder(user, orderId.get());
            assertThat(meanwhile.path("status").asString())
                    .as("not cancelled while coupon-service may still hold the coupon").isEqualTo("PENDING");
            assertThat(shop.variantAudit(bag).path("reserved").asInt()).as("released after the coupon").isEqualTo(1);

            STACK.start("coupon-service");
        });

        JsonNode order = shop.awaitOutcome(user, orderId.get(), Duration.ofMinutes(3));
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("failureReason").asString()).isEqualTo("TIMEOUT");
        assertThat(shop.couponStatus(user, userCouponId)).isEqualTo("UNUSED");
        assertThat(shop.balance(user)).isEqualTo(50_000);
        JsonNode variant = shop.variantAudit(bag);
        assertThat(variant.path("orderable").asInt()).isEqualTo(3);
        assertThat(variant.path("reserved").asInt()).isZero();
        assertThat(variant.path("sold").asInt()).isZero();
        assertThat(Wire.types(wire.awaitReplies(orderId.get(), 4)))
                .as("coupon-service used the coupon it found waiting, then gave it back")
                .startsWith("StockReserved", "CouponApplied")
                .contains("CouponRestored", "StockReleased");
    }
}
