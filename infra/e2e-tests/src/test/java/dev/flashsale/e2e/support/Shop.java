package dev.flashsale.e2e.support;

import dev.flashsale.e2e.support.Http.Answer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shop as its clients see it: every call goes through the gateway with a token minted by the local profile's
 * {@code POST /api/v1/dev/tokens}. An admin sets things up; each user acts for itself with its own token.
 */
public final class Shop {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final AtomicLong NAMES = new AtomicLong();
    /** Far above any id balance-service hands out in a test run, so nobody has it. */
    private static final AtomicLong UNKNOWN_USER_IDS = new AtomicLong(900_000_000L + (System.nanoTime() & 0xFFFFFF));

    private final E2eStack stack;
    private final Http http = new Http();
    private final String admin;

    public Shop(E2eStack stack) {
        this.stack = stack;
        this.admin = token(1, "admin");
    }

    public record User(long id, String token) {
    }

    public record Product(long productId, long variantId, long price, String name) {
    }

    public record Line(long variantId, int quantity) {
    }

    public Http http() {
        return http;
    }

    public String gateway(String path) {
        return stack.gatewayUrl() + path;
    }

    public String adminToken() {
        return admin;
    }

    public String token(long userId, String... roles) {
        return http.post(gateway("/api/v1/dev/tokens"), null, Map.of("userId", userId, "roles", List.of(roles)))
                .expect(200).json().path("token").asString();
    }

    // ---- users and balances ----

    /** A new user with {@code balance} won charged (by the user). */
    public User newUser(long balance) {
        long id = http.post(gateway("/api/v1/admin/users"), admin, Map.of("name", unique("user")))
                .expect(201).json().path("userId").asLong();
        User user = new User(id, token(id));
        if (balance > 0) {
            charge(user, balance);
        }
        return user;
    }

    /** A user id nobody has, with a valid token for it. */
    public User unknownUser() {
        long id = UNKNOWN_USER_IDS.incrementAndGet();
        return new User(id, token(id));
    }

    public void charge(User user, long amount) {
        http.post(gateway("/api/v1/users/" + user.id() + "/balance/charge"), user.token(), Map.of("amount", amount))
                .expect(200);
    }

    public long balance(User user) {
        return http.get(gateway("/api/v1/users/" + user.id() + "/balance"), user.token())
                .expect(200).json().path("balance").asLong();
    }

    /** The user's ledger, newest first: {@code type}, {@code amount}, {@code orderId} per entry. */
    public List<JsonNode> ledger(User user) {
        List<JsonNode> entries = new ArrayList<>();
        http.get(gateway("/api/v1/users/" + user.id() + "/balance/history?size=100"), user.token())
                .expect(200).json().path("items").forEach(entries::add);
        return entries;
    }

    // ---- products ----

    public Product newProduct(long price, int stock) {
        return newProduct(unique("product"), price, stock);
    }

    public Product newProduct(String name, long price, int stock) {
        JsonNode product = http.post(gateway("/api/v1/admin/products"), admin, Map.of(
                        "name", name, "description", "made by an end-to-end test",
                        "variants", List.of(Map.of("name", "one size", "price", price, "stock", stock))))
                .expect(201).json();
        return new Product(product.path("productId").asLong(), product.path("variants").path(0).path("variantId").asLong(),
                price, name);
    }

    /** Orderable units: neither reserved nor sold. */
    public int stock(Product product) {
        return variantAudit(product).path("orderable").asInt();
    }

    /** product-service's books for the product's variant: {@code orderable}, {@code reserved}, {@code sold}, {@code consistent}. */
    public JsonNode variantAudit(Product product) {
        JsonNode audit = http.get(gateway("/api/v1/admin/products/audit?productId=" + product.productId()), admin)
                .expect(200).json();
        for (JsonNode variant : audit.path("variants")) {
            if (variant.path("variantId").asLong() == product.variantId()) {
                return variant;
            }
        }
        throw new AssertionError("variant " + product.variantId() + " is not in the audit: " + audit);
    }

    // ---- coupons ----

    public long newFixedCoupon(long amountOff, int quantity) {
        return newCoupon("FIXED_AMOUNT", amountOff, null, 0, quantity);
    }

    public long newPercentageCoupon(int percent, Long maxDiscount, int quantity) {
        return newCoupon("PERCENTAGE", percent, maxDiscount, 0, quantity);
    }

    public long newCoupon(String type, long value, Long maxDiscount, long minOrderAmount, int quantity) {
        OffsetDateTime now = OffsetDateTime.now(SEOUL);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("coupon"));
        body.put("discountType", type);
        body.put("discountValue", value);
        body.put("maxDiscount", maxDiscount);
        body.put("minOrderAmount", minOrderAmount);
        body.put("totalQuantity", quantity);
        body.put("issueStartsAt", now.minusHours(1).toString());
        body.put("issueEndsAt", now.plusDays(1).toString());
        body.put("validDays", 7);
        return http.post(gateway("/api/v1/admin/coupons"), admin, body).expect(201).json().path("couponId").asLong();
    }

    /**
     * Issues the coupon to the user. coupon-service learns of new users from balance-service's
     * {@code UserRegistered} event, a few milliseconds after registration, so a {@code USER_NOT_FOUND} is retried
     * for a while.
     */
    public long issue(long couponId, User user) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            Answer answer = http.post(gateway("/api/v1/coupons/" + couponId + "/issue"), user.token(),
                    Map.of("userId", user.id()));
            if (answer.status() == 201) {
                return answer.json().path("userCouponId").asLong();
            }
            // Not yet known to coupon-service (its UserRegistered still on the way), or asked too often meanwhile.
            boolean notYet = "USER_NOT_FOUND".equals(answer.code()) || answer.status() == 429;
            if (!notYet || Instant.now().isAfter(deadline)) {
                throw new AssertionError("issuing coupon " + couponId + " to user " + user.id() + ": " + answer);
            }
            pause(Duration.ofMillis(answer.status() == 429 ? 1_000 : 200));
        }
    }

    /** {@code UNUSED}, {@code USED} or {@code EXPIRED}. */
    public String couponStatus(User user, long userCouponId) {
        return http.get(gateway("/api/v1/users/" + user.id() + "/coupons/" + userCouponId), user.token())
                .expect(200).json().path("status").asString();
    }

    // ---- orders ----

    public Answer submit(User user, Long userCouponId, Line... lines) {
        return submit(user, userCouponId, null, lines);
    }

    public Answer submit(User user, Long userCouponId, String idempotencyKey, Line... lines) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user.id());
        body.put("items", List.of(lines));
        if (userCouponId != null) {
            body.put("userCouponId", userCouponId);
        }
        return idempotencyKey == null
                ? http.post(gateway("/api/v1/orders"), user.token(), body)
                : http.post(gateway("/api/v1/orders"), user.token(), body, "Idempotency-Key", idempotencyKey);
    }

    /**
     * Submits as a careful client does under load: with an idempotency key, and again with the same key after a
     * 429 (after its {@code Retry-After}) or a 503 (the gateway gave up waiting, but the order may have been placed:
     * the key makes the retry return that order instead of placing a second). Returns the order id.
     */
    public long orderPatiently(User user, Long userCouponId, Line... lines) {
        String key = UUID.randomUUID().toString();
        Instant deadline = Instant.now().plusSeconds(90);
        while (true) {
            Answer answer = submit(user, userCouponId, key, lines);
            if (answer.status() == 202) {
                return answer.json().path("orderId").asLong();
            }
            if ((answer.status() != 429 && answer.status() != 503) || Instant.now().isAfter(deadline)) {
                throw new AssertionError("order of user " + user.id() + ": " + answer);
            }
            long retryAfterSeconds = Math.min(5, answer.header("Retry-After").map(Long::parseLong).orElse(0L));
            pause(Duration.ofSeconds(retryAfterSeconds).plusMillis(100));
        }
    }

    /** Submits and expects 202; returns the order id. */
    public long order(User user, Long userCouponId, Line... lines) {
        return submit(user, userCouponId, lines).expect(202).json().path("orderId").asLong();
    }

    public static Line line(Product product, int quantity) {
        return new Line(product.variantId(), quantity);
    }

    public JsonNode readOrder(User user, long orderId) {
        return http.get(gateway("/api/v1/orders/" + orderId), user.token()).expect(200).json();
    }

    /** Waits (long-polling {@code ?waitMs=}) until the order is COMPLETED or CANCELLED, and returns it. */
    public JsonNode awaitOutcome(User user, long orderId, Duration within) {
        Instant deadline = Instant.now().plus(within);
        JsonNode order;
        do {
            long waitMs = Math.max(1, Math.min(10_000, Duration.between(Instant.now(), deadline).toMillis()));
            order = http.get(gateway("/api/v1/orders/" + orderId + "?waitMs=" + waitMs), user.token()).expect(200).json();
        } while ("PENDING".equals(order.path("status").asString()) && Instant.now().isBefore(deadline));
        if ("PENDING".equals(order.path("status").asString())) {
            throw new AssertionError("order " + orderId + " still PENDING after " + within + ": " + order);
        }
        return order;
    }

    public JsonNode awaitOutcome(User user, long orderId) {
        return awaitOutcome(user, orderId, Duration.ofSeconds(60));
    }

    /** order-service's view of the order's saga, from the admin list of open or failed sagas; null when neither. */
    public JsonNode openOrFailedSaga(long orderId) {
        for (String state : List.of("open", "failed")) {
            for (JsonNode saga : http.get(gateway("/api/v1/admin/sagas?state=" + state + "&size=100"), admin)
                    .expect(200).json().path("items")) {
                if (saga.path("orderId").asLong() == orderId) {
                    return saga;
                }
            }
        }
        return null;
    }

    // ---- the books ----

    public JsonNode balanceAudit() {
        return http.get(gateway("/api/v1/admin/balance/audit"), admin).expect(200).json();
    }

    public JsonNode orderAudit() {
        return http.get(gateway("/api/v1/admin/orders/audit"), admin).expect(200).json();
    }

    public JsonNode couponAudit(long couponId) {
        return http.get(gateway("/api/v1/admin/coupons/" + couponId + "/audit"), admin).expect(200).json();
    }

    public JsonNode productAudit() {
        return http.get(gateway("/api/v1/admin/products/audit"), admin).expect(200).json();
    }

    public JsonNode rankingAudit() {
        return http.get(gateway("/api/v1/admin/ranking/audit"), admin).expect(200).json();
    }

    public JsonNode aggregateRanking() {
        return http.post(gateway("/api/v1/admin/ranking/aggregate"), admin, null).expect(200).json();
    }

    public JsonNode popularProducts() {
        return http.get(gateway("/api/v1/products/popular"), null).expect(200).json();
    }

    /** Waits until no saga is open and no order is PENDING anywhere: every order in flight has ended. */
    public JsonNode awaitAllSagasSettled(Duration within) {
        Instant deadline = Instant.now().plus(within);
        JsonNode audit = orderAudit();
        while (audit.path("openSagas").asLong() + audit.path("pendingOrders").asLong() > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("sagas still open after " + within + ": " + audit);
            }
            pause(Duration.ofMillis(250));
            audit = orderAudit();
        }
        return audit;
    }

    public static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
