package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Http.Answer;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.e2e.support.Tokens;
import dev.flashsale.web.Caller;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway in front of the real services (issue 8): who may call what, that identity cannot be forged past it,
 * that the services refuse whoever goes around it, and what a client gets while a service is down or hangs.
 */
class GatewayEndToEndIT {

    private static final E2eStack STACK = E2eStack.get();
    private static final Shop shop = new Shop(STACK);

    private static User alice;
    private static User bob;
    private static Product product;
    private static long couponId;
    private static long alicesOrder;

    @BeforeAll
    static void aliceHasABalanceACouponAndAnOrder() {
        alice = shop.newUser(50_000);
        bob = shop.newUser(50_000);
        product = shop.newProduct(1_000, 100);
        couponId = shop.newFixedCoupon(100, 10);
        shop.issue(couponId, alice);
        alicesOrder = shop.order(alice, null, line(product, 1));
        shop.awaitOutcome(alice, alicesOrder);
    }

    @Test
    void refusesRequestsWithoutAValidToken() {
        String balance = shop.gateway("/api/v1/users/" + alice.id() + "/balance");
        Instant now = Instant.now();
        Map<String, String> tokens = Map.of(
                "none", "",
                "not a token", "not-a-token",
                "signed with another key", Tokens.signed("another-key-that-is-at-least-32-bytes-long!", alice.id(),
                        now, now.plusSeconds(600)),
                "expired", Tokens.signed(STACK.jwtSecret(), alice.id(), now.minusSeconds(7200), now.minusSeconds(600)));

        tokens.forEach((kind, token) -> {
            Answer answer = shop.http().get(balance, token.isEmpty() ? null : token);
            assertThat(answer.status()).as(kind).isEqualTo(401);
            assertThat(answer.code()).as(kind).isEqualTo("UNAUTHORIZED");
            assertThat(answer.header("WWW-Authenticate")).as(kind).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        });

        String valid = Tokens.signed(STACK.jwtSecret(), alice.id(), now, now.plusSeconds(600));
        assertThat(shop.http().get(balance, valid).status()).as("the same token, not expired").isEqualTo(200);
        assertThat(shop.submit(new User(alice.id(), null), null, line(product, 1)).status())
                .as("an order without a token").isEqualTo(401);
        assertThat(ordersOf(alice)).as("only the order placed with a token").isEqualTo(1);
    }

    @Test
    void keepsEveryUserToTheirOwnBalanceCouponsAndOrders() {
        String other = bob.token();
        List<String> alicesThings = List.of(
                "/api/v1/users/" + alice.id() + "/balance",
                "/api/v1/users/" + alice.id() + "/balance/history",
                "/api/v1/users/" + alice.id() + "/coupons",
                "/api/v1/users/" + alice.id() + "/orders",
                "/api/v1/orders/" + alicesOrder);
        for (String path : alicesThings) {
            Answer answer = shop.http().get(shop.gateway(path), other);
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.code()).as(path).isEqualTo("FORBIDDEN");
            assertThat(answer.body()).as(path).doesNotContain("\"paidAmount\"");
            assertThat(shop.http().get(shop.gateway(path), alice.token()).status()).as("alice herself: " + path)
                    .isEqualTo(200);
        }

        assertThat(shop.submit(new User(alice.id(), other), null, line(product, 1)).status())
                .as("an order in alice's name").isEqualTo(403);
        assertThat(shop.http().post(shop.gateway("/api/v1/users/" + alice.id() + "/balance/charge"), other,
                Map.of("amount", 1_000)).status()).as("charging alice's balance").isEqualTo(403);
        assertThat(shop.http().post(shop.gateway("/api/v1/coupons/" + couponId + "/issue"), other,
                Map.of("userId", alice.id())).status()).as("a coupon for alice").isEqualTo(403);

        assertThat(ordersOf(alice)).isEqualTo(1);
        assertThat(shop.balance(alice)).isEqualTo(49_000);
    }

    @Test
    void opensAdminPathsOnlyToAdmins() {
        List<Runnable> checks = List.of(
                () -> assertAdminOnly("POST", "/api/v1/admin/users", Map.of("name", Shop.unique("admin-made")), 201),
                () -> assertAdminOnly("GET", "/api/v1/admin/orders/audit", null, 200),
                () -> assertAdminOnly("GET", "/api/v1/admin/balance/audit", null, 200),
                () -> assertAdminOnly("GET", "/api/v1/admin/coupons/" + couponId + "/audit", null, 200),
                () -> assertAdminOnly("PATCH", "/api/v1/admin/variants/" + product.variantId() + "/stock",
                        Map.of("delta", 1), 200),
                () -> assertAdminOnly("GET", "/api/v1/admin/sagas?state=open", null, 200));
        checks.forEach(Runnable::run);
    }

    @Test
    void ignoresIdentityHeadersAClientForges() {
        String[] forged = {GatewayHeaders.USER_ID, Long.toString(alice.id()), GatewayHeaders.USER_ROLES, "admin",
                GatewayHeaders.SECRET, STACK.gatewaySecret()};

        Answer asAlice = shop.http().get(shop.gateway("/api/v1/users/" + alice.id() + "/balance"), bob.token(), forged);
        assertThat(asAlice.status()).as("bob claiming to be alice").isEqualTo(403);
        Answer asAdmin = shop.http().post(shop.gateway("/api/v1/admin/users"), bob.token(),
                Map.of("name", Shop.unique("forged")), forged);
        assertThat(asAdmin.status()).as("bob claiming the admin role").isEqualTo(403);
        Answer anonymous = shop.http().get(shop.gateway("/api/v1/users/" + alice.id() + "/balance"), null, forged);
        assertThat(anonymous.status()).as("no token, only headers").isEqualTo(401);
        Answer own = shop.http().get(shop.gateway("/api/v1/users/" + bob.id() + "/balance"), bob.token(), forged);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("userId").asLong()).isEqualTo(bob.id());
    }

    @Test
    void servicesRefuseCallsThatDidNotComeThroughTheGateway() {
        GatewayIdentity gateway = GatewayIdentity.withSecret(STACK.gatewaySecret());
        String signedForAlice = gateway.sign(new Caller(alice.id(), Set.of()), Instant.now().plusSeconds(60));
        Map<String, String> direct = Map.of(
                "balance-service", "/api/v1/users/" + alice.id() + "/balance",
                "product-service", "/api/v1/products/" + product.productId(),
                "coupon-service", "/api/v1/coupons/" + couponId,
                "order-service", "/api/v1/orders/" + alicesOrder,
                "ranking-service", "/api/v1/products/popular");

        direct.forEach((service, path) -> {
            String url = STACK.url(service) + path;
            List<String[]> refused = List.of(
                    new String[0],
                    new String[]{GatewayHeaders.USER_ID, Long.toString(alice.id()), GatewayHeaders.USER_ROLES, "admin"},
                    new String[]{GatewayHeaders.SECRET, STACK.gatewaySecret(), GatewayHeaders.USER_ID, Long.toString(alice.id())},
                    new String[]{GatewayHeaders.CALLER, GatewayIdentity.withSecret("a-guess-of-the-gateway-secret")
                            .sign(new Caller(alice.id(), Set.of("admin")), Instant.now().plusSeconds(60))});
            for (String[] headers : refused) {
                Answer answer = shop.http().get(url, alice.token(), headers);
                assertThat(answer.status()).as(service).isEqualTo(401);
                assertThat(answer.code()).as(service).isEqualTo("UNAUTHORIZED");
            }
            assertThat(shop.http().get(url, null, GatewayHeaders.CALLER, signedForAlice).status())
                    .as("%s with an identity signed with the gateway's secret", service).isEqualTo(200);
        });
    }

    @Test
    void servicesKeepEveryUserToTheirOwnDataEvenWhenCalledDirectly() {
        GatewayIdentity gateway = GatewayIdentity.withSecret(STACK.gatewaySecret());
        String asBob = gateway.sign(new Caller(bob.id(), Set.of()), Instant.now().plusSeconds(60));
        Map<String, String> alicesThings = Map.of(
                "balance-service", "/api/v1/users/" + alice.id() + "/balance",
                "coupon-service", "/api/v1/users/" + alice.id() + "/coupons",
                "order-service", "/api/v1/orders/" + alicesOrder);

        alicesThings.forEach((service, path) -> {
            Answer answer = shop.http().get(STACK.url(service) + path, null, GatewayHeaders.CALLER, asBob);
            assertThat(answer.status()).as(service + path).isEqualTo(403);
            assertThat(answer.code()).as(service + path).isEqualTo("FORBIDDEN");
            assertThat(answer.body()).as(service + path).doesNotContain("\"paidAmount\"");
        });
        Answer order = shop.http().post(STACK.url("order-service") + "/api/v1/orders", null,
                Map.of("userId", alice.id(), "items", List.of(Map.of("variantId", product.variantId(), "quantity", 1))),
                GatewayHeaders.CALLER, asBob);
        assertThat(order.status()).as("an order in alice's name, sent straight to order-service").isEqualTo(403);
        Answer coupon = shop.http().post(STACK.url("coupon-service") + "/api/v1/coupons/" + couponId + "/issue", null,
                Map.of("userId", alice.id()), GatewayHeaders.CALLER, asBob);
        assertThat(coupon.status()).as("a coupon for alice, sent straight to coupon-service").isEqualTo(403);
        assertThat(ordersOf(alice)).isEqualTo(1);
    }

    @Test
    void answersServiceUnavailableAtOnceWhileAServiceIsDownAndRecoversWhenItIsBack() throws Exception {
        String popular = shop.gateway("/api/v1/products/popular");
        assertThat(shop.http().get(popular, null).status()).isEqualTo(200);

        STACK.restartAfter("ranking-service", () -> {
            STACK.stop("ranking-service");
            long started = System.nanoTime();
            Answer answer = shop.http().get(popular, null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(took).as("a refused connection is not waited on").isLessThan(STACK.rankingTimeLimit());
            STACK.start("ranking-service");
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(shop.http().get(popular, null).status()).isEqualTo(200));
    }

    @Test
    void answersServiceUnavailableWithinTheTimeLimitWhenAServiceHangsAndRecoversWhenItAnswersAgain() throws Exception {
        String popular = shop.gateway("/api/v1/products/popular");
        assertThat(shop.http().get(popular, null).status()).isEqualTo(200);

        STACK.restartAfter("ranking-service", () -> {
            STACK.pause("ranking-service");
            long started = System.nanoTime();
            Answer answer = shop.http().get(popular, null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(took).as("waited for the time limit, and not much longer")
                    .isGreaterThanOrEqualTo(STACK.rankingTimeLimit().minusMillis(100))
                    .isLessThan(STACK.rankingTimeLimit().plusSeconds(2));
            STACK.resume("ranking-service");
        });

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(shop.http().get(popular, null).status()).isEqualTo(200));
    }

    private static void assertAdminOnly(String method, String path, Object body, int adminStatus) {
        Answer asUser = shop.http().send(method, shop.gateway(path), bob.token(), body);
        assertThat(asUser.status()).as("%s %s as a user", method, path).isEqualTo(403);
        assertThat(asUser.code()).isEqualTo("FORBIDDEN");
        assertThat(shop.http().send(method, shop.gateway(path), null, body).status())
                .as("%s %s without a token", method, path).isEqualTo(401);
        assertThat(shop.http().send(method, shop.gateway(path), shop.adminToken(), body).status())
                .as("%s %s as an admin", method, path).isEqualTo(adminStatus);
    }

    private static long ordersOf(User user) {
        return shop.http().get(shop.gateway("/api/v1/users/" + user.id() + "/orders"), user.token()).expect(200)
                .json().path("totalItems").asLong();
    }
}
