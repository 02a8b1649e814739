package dev.flashsale.localstack;

import dev.flashsale.localstack.client.Api;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The data a freshly started local stack shows: three users with balances, a few products with variants and
 * stock, a flash-sale coupon and a fixed-amount coupon, and one order placed with a coupon, completed through the
 * saga and counted in the ranking. Everything goes through the gateway's public API, as a client would do it.
 *
 * <p>Created once per data directory: the summary is kept in {@code demo-data.txt} there, and a later start
 * prints it again instead of creating a second set.
 *
 * <p>The local stack calls {@link #ensure} once every service is ready; docker-compose's demo
 * ({@code compose.local.yml}) runs {@link #main} as a one-shot step against its gateway.
 */
public final class DemoData {

    static final String MARKER = "demo-data.txt";
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final Api api;

    DemoData(Api api) {
        this.api = api;
    }

    /**
     * {@code --gateway=<url>} (a gateway in the {@code local} profile, for its dev tokens) and
     * {@code --data-dir=<directory>} (where the summary is kept); prints the summary.
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = Arguments.parse(args);
        String gateway = Arguments.required(options, "gateway");
        Path dataDir = Path.of(Arguments.required(options, "data-dir"));
        Files.createDirectories(dataDir);
        System.out.println(ensure(gateway, dataDir));
    }

    /** Creates the demo data unless this data directory has it already; answers its summary either way. */
    public static String ensure(String gatewayUrl, Path dataDir) throws IOException {
        Path marker = dataDir.resolve(MARKER);
        if (Files.exists(marker)) {
            return Files.readString(marker);
        }
        String summary = new DemoData(new Api(gatewayUrl)).create();
        Files.writeString(marker, summary);
        return summary;
    }

    String create() {
        long kim = user("kim", 1_000_000);
        long lee = user("lee", 300_000);
        long park = user("park", 20_000);

        JsonNode sneakers = product("Limited sneakers", "Numbered pairs, only for the sale", List.of(
                variant("250mm", 129_000, 10), variant("260mm", 129_000, 10), variant("270mm", 129_000, 5)));
        JsonNode tee = product("Basic tee", "Cotton, two colours", List.of(
                variant("M/black", 19_000, 100), variant("L/white", 19_000, 100)));
        JsonNode mug = product("Flash mug", "Enamel, 350 ml", List.of(variant("one size", 9_900, 30)));

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long flashCoupon = coupon(Map.of("name", "Flash sale 10% off", "discountType", "PERCENTAGE",
                "discountValue", 10, "maxDiscount", 10_000, "minOrderAmount", 0, "totalQuantity", 100,
                "issueStartsAt", now.minus(1, ChronoUnit.HOURS).toString(),
                "issueEndsAt", now.plus(30, ChronoUnit.DAYS).toString(), "validDays", 7));
        long fixedCoupon = coupon(Map.of("name", "3,000 won off from 20,000", "discountType", "FIXED_AMOUNT",
                "discountValue", 3_000, "minOrderAmount", 20_000, "totalQuantity", 1_000,
                "issueStartsAt", now.minus(1, ChronoUnit.HOURS).toString(),
                "issueEndsAt", now.plus(30, ChronoUnit.DAYS).toString(), "validDays", 7));

        long sneaker260 = sneakers.path("variants").path(1).path("variantId").asLong();
        long kimsCoupon = issue(flashCoupon, kim);
        JsonNode order = completedOrder(Map.of("userId", kim, "userCouponId", kimsCoupon,
                "items", List.of(Map.of("variantId", sneaker260, "quantity", 1))));
        api.asAdmin("POST", "/api/v1/admin/ranking/aggregate", null).expect(200, "the ranking batch");

        return String.format("""
                Demo data (created %s):
                  users         kim #%d (1,000,000 won), lee #%d (300,000 won), park #%d (20,000 won)
                  products      %s #%d (variants %s), %s #%d, %s #%d
                  coupons       "Flash sale 10%% off" #%d (100 of them), "3,000 won off from 20,000" #%d
                  an order      #%d by kim: one pair of 260mm sneakers with user coupon #%d, %s, paid %d won
                Try it as lee (a token for lee; a token with the admin role, as above, opens /api/v1/admin/**):
                  TOKEN=$(curl -s -X POST %s/api/v1/dev/tokens -H 'Content-Type: application/json' -d '{"userId": %d}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
                  curl -s %s/api/v1/users/%d/balance -H "Authorization: Bearer $TOKEN"
                  curl -s -X POST %s/api/v1/coupons/%d/issue -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"userId": %d}'
                  curl -s %s/api/v1/products/popular
                """, now, kim, lee, park,
                sneakers.path("name").asString(), sneakers.path("productId").asLong(), variantIds(sneakers),
                tee.path("name").asString(), tee.path("productId").asLong(),
                mug.path("name").asString(), mug.path("productId").asLong(),
                flashCoupon, fixedCoupon,
                order.path("orderId").asLong(), kimsCoupon, order.path("status").asString(), order.path("paidAmount").asLong(),
                api.baseUrl(), lee, api.baseUrl(), lee, api.baseUrl(), fixedCoupon, lee, api.baseUrl());
    }

    private long user(String name, long balance) {
        long userId = api.asAdmin("POST", "/api/v1/admin/users", Map.of("name", name))
                .expect(201, "creating user " + name).body().path("userId").asLong();
        api.asAdmin("POST", "/api/v1/users/" + userId + "/balance/charge", Map.of("amount", balance))
                .expect(200, "charging " + name);
        return userId;
    }

    private static Map<String, Object> variant(String name, long price, int stock) {
        return Map.of("name", name, "price", price, "stock", stock);
    }

    private JsonNode product(String name, String description, List<Map<String, Object>> variants) {
        return api.asAdmin("POST", "/api/v1/admin/products",
                Map.of("name", name, "description", description, "variants", variants))
                .expect(201, "creating product " + name).body();
    }

    private long coupon(Map<String, Object> definition) {
        return api.asAdmin("POST", "/api/v1/admin/coupons", definition)
                .expect(201, "creating coupon " + definition.get("name")).body().path("couponId").asLong();
    }

    /** coupon-service learns of a new user from balance-service's event, a moment after it was created. */
    private long issue(long couponId, long userId) {
        Api.Answer issued = await("coupon-service to know user " + userId, () -> {
            Api.Answer answer = api.asAdmin("POST", "/api/v1/coupons/" + couponId + "/issue", Map.of("userId", userId));
            return answer.status() == 404 && "USER_NOT_FOUND".equals(answer.code()) ? null : answer;
        });
        return issued.expect(201, "issuing coupon " + couponId + " to user " + userId).body().path("userCouponId").asLong();
    }

    private JsonNode completedOrder(Map<String, Object> order) {
        long orderId = api.asAdmin("POST", "/api/v1/orders", order).expect(202, "placing the demo order")
                .body().path("orderId").asLong();
        JsonNode ended = await("order " + orderId + " to end", () -> {
            JsonNode answer = api.asAdmin("GET", "/api/v1/orders/" + orderId + "?waitMs=3000", null)
                    .expect(200, "order " + orderId).body();
            return "PENDING".equals(answer.path("status").asString()) ? null : answer;
        });
        if (!"COMPLETED".equals(ended.path("status").asString())) {
            throw new IllegalStateException("the demo order did not complete: " + ended);
        }
        return ended;
    }

    private static String variantIds(JsonNode product) {
        StringBuilder ids = new StringBuilder();
        for (JsonNode variant : product.path("variants")) {
            ids.append(ids.isEmpty() ? "" : ", ").append(variant.path("name").asString())
                    .append(" #").append(variant.path("variantId").asLong());
        }
        return ids.toString();
    }

    private static <T> T await(String what, Supplier<T> attempt) {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            T result = attempt.get();
            if (result != null) {
                return result;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + SETTLE);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
