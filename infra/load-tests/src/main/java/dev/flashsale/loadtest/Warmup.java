package dev.flashsale.loadtest;

import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.loadtest.fixture.Fixtures.Product;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.loadtest.fixture.Fixtures.VariantDraft;
import dev.flashsale.localstack.client.Api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Untimed traffic through every path the scenarios take, before the first of them, on a stack this run has
 * just started. Six freshly started JVMs on two cores spend their first minutes compiling: measured cold, the
 * first scenario reports the JIT (an order storm that trips the gateway's breaker at ten orders a second), not
 * the system. The warm-up's orders, charges and coupons are real and count in every invariant the checker
 * verifies afterwards. {@code load.warmup-seconds} (60; 0 skips it).
 */
public final class Warmup {

    private static final int CLIENTS = 8;
    private static final long PRICE = 1_000;

    private Warmup() {
    }

    public static void run(Api api, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        long start = System.nanoTime();
        Data data = prepare(api, start + Duration.ofMinutes(3).toNanos());
        List<User> users = data.users();
        List<Long> userCoupons = data.userCoupons();
        Product product = data.product();
        long coupon = data.coupon();
        System.out.printf("[warm-up] %d clients for %d s: orders through the saga (one with a coupon each), charges, "
                + "coupon issues, product and popular pages, untimed%n", CLIENTS, duration.toSeconds());

        long deadline = start + duration.toNanos();
        AtomicInteger orders = new AtomicInteger();
        Fixtures.parallel(CLIENTS, i -> {
            User user = users.get(i);
            for (int round = 0; System.nanoTime() < deadline; round++) {
                try {
                    warm(api, user, round == 0 ? userCoupons.get(i) : null, product, coupon, orders);
                } catch (RuntimeException slowOrRefused) {
                    // a connection refused or reset while the JVMs warm up: not the point here, go on shortly
                    Fixtures.sleep(500);
                }
            }
            return null;
        });
        System.out.printf("[warm-up] done in %.0f s, %d orders placed%n", (System.nanoTime() - start) / 1e9, orders.get());
    }

    /** One round of one client: an order (waited for), a charge, a coupon request, three pages. */
    private static void warm(Api api, User user, Long userCoupon, Product product, long coupon, AtomicInteger orders) {
        List<Map<String, Object>> items = List.of(Map.of("variantId", product.variantIds().get(0), "quantity", 1));
        Map<String, Object> order = userCoupon != null
                ? Map.of("userId", user.id(), "userCouponId", userCoupon, "items", items)
                : Map.of("userId", user.id(), "items", items);
        Api.Answer placed = api.send("POST", "/api/v1/orders", order, user.token(), null);
        if (placed.status() == 202) {
            api.get("/api/v1/orders/" + placed.body().path("orderId").asLong() + "?waitMs=5000", user.token());
            orders.incrementAndGet();
        }
        api.send("POST", "/api/v1/users/" + user.id() + "/balance/charge", Map.of("amount", PRICE), user.token(), null);
        api.send("POST", "/api/v1/coupons/" + coupon + "/issue", Map.of("userId", user.id()), user.token(), null);
        api.get("/api/v1/products/" + product.id(), null);
        api.get("/api/v1/products?page=0&size=20", null);
        api.get("/api/v1/products/popular", null);
    }

    private record Data(List<User> users, List<Long> userCoupons, Product product, long coupon) {
    }

    /**
     * The warm-up's users, product and coupon. A service's first requests after its start can take longer than
     * the gateway's time limit (503): that is what the warm-up is for, so it tries again, with new names.
     */
    private static Data prepare(Api api, long deadline) {
        while (true) {
            try {
                Fixtures fixtures = new Fixtures(api, "warmup-" + UUID.randomUUID().toString().substring(0, 8));
                List<User> users = fixtures.users(CLIENTS, "buyer");
                fixtures.charge(users, i -> 5_000_000L);
                Product product = fixtures.product("warm-up", List.of(new VariantDraft("one", PRICE, 1_000_000)));
                long coupon = fixtures.coupon("warm-up", 100, CLIENTS);
                fixtures.awaitCouponServiceKnows(users, Duration.ofMinutes(2));
                return new Data(users, fixtures.issue(coupon, users), product, coupon);
            } catch (IllegalStateException slowStart) {
                if (System.nanoTime() > deadline) {
                    throw slowStart;
                }
                System.out.println("[warm-up] " + slowStart.getMessage() + "; trying again");
                Fixtures.sleep(500);
            }
        }
    }
}
