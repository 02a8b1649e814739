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
import java.util.ArrayList;
import java.util.List;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops for longer than a listener's tries of a failing message last (about 10 s in this stack: two
 * tries of a 5 s connection timeout, see E2eStack; 2 minutes with the production defaults) while events that
 * coupon-service and ranking-service must handle wait for them on the broker: new users' UserRegistered and
 * completed orders' OrderCompleted. The two services are held (SIGSTOP) until the events are out, then let go with
 * the database down, so their listeners meet the outage. An outage parks no good message: once PostgreSQL is back,
 * with no operator action, every new user can claim a coupon and the ranking counts every order.
 */
class DatabaseOutageEndToEndIT {

    /**
     * Twice the window in which this harness's listeners gave a message up before transient failures were retried
     * while they last (two tries with a 5 s pool timeout each, about 10 s), and short enough for mvn verify;
     * {@code -De2e.database-outage=PT3M} runs issue 17's three minutes.
     */
    private static final Duration OUTAGE = Duration.parse(System.getProperty("e2e.database-outage", "PT20S"));
    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);
    private static final Wire wire = new Wire(STACK);

    @AfterAll
    static void closeWire() {
        wire.close();
    }

    @Test
    void eventsThatMeetADatabaseOutageAreHandledWhenItEndsAndNoneIsDeadLettered() throws Exception {
        Product bestseller = shop.newProduct(Shop.unique("outage"), 10, 20_000);
        User buyer = shop.newUser(1_000_000);
        long coupon = shop.newFixedCoupon(100, 100);
        List<User> users = new ArrayList<>();
        List<Long> orders = new ArrayList<>();

        STACK.restartAfter("coupon-service", () -> STACK.restartAfter("ranking-service", () -> {
            STACK.pause("coupon-service");
            STACK.pause("ranking-service");
            for (int i = 0; i < 5; i++) {
                users.add(shop.newUser(0));
            }
            for (int i = 0; i < 3; i++) {
                orders.add(shop.orderPatiently(buyer, null, line(bestseller, 1_000)));
            }
            for (long order : orders) {
                assertThat(shop.awaitOutcome(buyer, order).path("status").asString()).isEqualTo("COMPLETED");
            }
            wire.awaitRecords(Topics.USER_REGISTERED, users.stream().map(User::id).toList(), 1, Duration.ofSeconds(60));
            wire.awaitRecords(Topics.ORDER_COMPLETED, orders, 1, Duration.ofSeconds(60));

            STACK.stopPostgres();
            try {
                STACK.resume("coupon-service");
                STACK.resume("ranking-service");
                Thread.sleep(OUTAGE.toMillis());
            } finally {
                STACK.startPostgres();
            }
        }));
        // Every service answers from its database again, with no operator action. The tests after this one share the
        // stack: without this wait, the next one met balance-service's first reads after the outage and a 503.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            shop.balanceAudit();
            shop.productAudit();
            shop.orderAudit();
        });

        for (User user : users) {
            assertThat(shop.issue(coupon, user)).as("user %d can claim a coupon", user.id()).isPositive();
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            shop.aggregateRanking();
            JsonNode first = shop.popularProducts().path("items").path(0);
            assertThat(first.path("productId").asLong()).isEqualTo(bestseller.productId());
            assertThat(first.path("soldQuantity").asLong()).isEqualTo(3_000);
        });
        JsonNode audit = shop.rankingAudit();
        assertThat(audit.path("consistent").asBoolean()).as(audit.toString()).isTrue();
        assertThat(wire.recordsFor(orders, Topics.deadLetter(Topics.ORDER_COMPLETED))).as("OrderCompleted dead letters").isEmpty();
        assertThat(wire.recordsFor(users.stream().map(User::id).toList(), Topics.deadLetter(Topics.USER_REGISTERED)))
                .as("UserRegistered dead letters").isEmpty();
    }
}
