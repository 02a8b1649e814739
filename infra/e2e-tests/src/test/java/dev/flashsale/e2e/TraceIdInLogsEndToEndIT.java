package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Http.Answer;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracing promise (docs/observability.md): the trace id a client gets back for its order
 * ({@code X-Trace-Id}) finds, in the log of every service that handled the order, what that service did for it:
 * one trace from the gateway's request through each saga command and reply to the public OrderCompleted event.
 */
class TraceIdInLogsEndToEndIT {

    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);

    /** What each service's log must say under the order's trace id: its request line or the records it consumed. */
    private static final Map<String, List<String>> HANDLED = Map.of(
            "api-gateway", List.of("POST /api/v1/orders 202"),
            "order-service", List.of("POST /api/v1/orders 202", "StockReserved ", "CouponApplied ", "BalanceDeducted "),
            "product-service", List.of("ReserveStock ", "OrderCompleted "),
            "coupon-service", List.of("UseCoupon "),
            "balance-service", List.of("DeductBalance "),
            "ranking-service", List.of("OrderCompleted "));

    @Test
    void theTraceIdAClientGetsForItsOrderFindsTheOrderInTheLogOfEveryServiceThatHandledIt() {
        User user = shop.newUser(100_000);
        Product tee = shop.newProduct(12_000, 10);
        long userCoupon = shop.issue(shop.newFixedCoupon(1_000, 10), user);

        Answer placed = shop.submit(user, userCoupon, line(tee, 1)).expect(202);
        String traceId = placed.header("X-Trace-Id").orElseThrow(() -> new AssertionError("no X-Trace-Id on " + placed));
        long orderId = placed.json().path("orderId").asLong();
        assertThat(shop.awaitOutcome(user, orderId).path("status").asString()).isEqualTo("COMPLETED");

        assertThat(traceId).matches("[0-9a-f]{32}");
        // The last consumers (ranking, product's confirmation) may log a moment after the order reads COMPLETED.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> HANDLED.forEach((service, lines) ->
                assertThat(linesOfTrace(service, traceId)).as("%s's log lines of trace %s", service, traceId)
                        .allSatisfy(line -> assertThat(line).contains("[" + service + "]"))
                        .satisfies(traced -> lines.forEach(expected -> assertThat(traced)
                                .as("%s logged '%s' in trace %s", service, expected, traceId)
                                .anyMatch(line -> line.contains(expected))))));
    }

    private static List<String> linesOfTrace(String service, String traceId) {
        try {
            return Files.readAllLines(STACK.logOf(service), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("[" + traceId + "-"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
