package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubService.Answer;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import dev.flashsale.web.Caller;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user acts only for themselves. The gateway checks the user id of the path ({@code /api/v1/users/{userId}/...})
 * before anything reaches a service; whatever else names a user (a body's {@code userId}, the owner of an order) is
 * judged by the service that holds the data, from the caller the gateway signed (each service's own tests, and
 * GatewayEndToEndIT through the real services). The gateway reads no body and buffers no answer.
 */
@GatewayIntegrationTest
class OwnershipIT {

    private static final GatewayIdentity CALLERS = GatewayIdentity.withSecret(GatewayIntegrationTest.DOWNSTREAM_SECRET);

    @Autowired
    RestTestClient http;

    @Test
    void anotherUsersBalanceCouponsAndOrdersAreForbiddenAndNeverReachTheServices() {
        long me = TestTokens.newUserId();
        long other = TestTokens.newUserId();
        String[] othersPaths = {"/api/v1/users/" + other + "/balance", "/api/v1/users/" + other + "/balance/history",
                "/api/v1/users/" + other + "/coupons?status=UNUSED", "/api/v1/users/" + other + "/orders"};
        for (String path : othersPaths) {
            http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("FORBIDDEN")
                    .jsonPath("$.detail").isEqualTo("a user may only read or act on their own user id");
        }
        postAs(me, "/api/v1/users/" + other + "/balance/charge", "{\"amount\": 10000}")
                .expectStatus().isForbidden();

        assertThat(StubServices.balance().requestsTo("/api/v1/users/" + other + "/balance")).isEmpty();
        assertThat(StubServices.balance().requestsTo("/api/v1/users/" + other + "/balance/charge")).isEmpty();
        assertThat(StubServices.coupon().requestsTo("/api/v1/users/" + other + "/coupons")).isEmpty();
        assertThat(StubServices.order().requestsTo("/api/v1/users/" + other + "/orders")).isEmpty();
    }

    @Test
    void ownBalanceCouponsAndOrdersReachTheirServices() {
        long me = TestTokens.newUserId();
        http.get().uri("/api/v1/users/" + me + "/balance").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().is2xxSuccessful().expectBody().jsonPath("$.service").isEqualTo("balance");
        http.get().uri("/api/v1/users/" + me + "/coupons?status=UNUSED").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().is2xxSuccessful().expectBody().jsonPath("$.service").isEqualTo("coupon");
        http.get().uri("/api/v1/users/" + me + "/orders?page=0&size=20").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().is2xxSuccessful().expectBody().jsonPath("$.service").isEqualTo("order");
    }

    @Test
    void anIdSpelledDifferentlyIsStillTheSameUser() {
        long me = TestTokens.newUserId();
        http.get().uri("/api/v1/users/00" + me + "/balance").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().is2xxSuccessful();
    }

    @Test
    void aSpellingThatIsNotPlainlyTheCallersIdIsForbidden() {
        long me = TestTokens.newUserId();
        // Spring reads "0x…" as hexadecimal: it could name any user.
        http.get().uri("/api/v1/users/0x" + Long.toHexString(me + 1) + "/balance")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/users/me/balance").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void submittingAnOrderForOneselfForwardsTheBodyUnchanged() {
        long me = TestTokens.newUserId();
        String body = "{\"userId\": " + me + ", \"items\": [{\"variantId\": 12, \"quantity\": 2}], \"userCouponId\": 88}";

        postAs(me, "/api/v1/orders", body)
                .expectStatus().is2xxSuccessful();

        assertThat(StubServices.order().requestsTo("/api/v1/orders")).anySatisfy(request -> {
            assertThat(request.body()).isEqualTo(body);
            assertThat(request.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        });
    }

    @Test
    void aBodyNamingAnotherUserGoesToTheServiceThatJudgesItWithTheCallerAndItsRefusalReachesTheClient() {
        long me = TestTokens.newUserId();
        long other = TestTokens.newUserId();
        String body = "{\"userId\": " + other + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}]}";
        StubServices.order().answer("POST", "/api/v1/orders",
                Answer.problem(403, "FORBIDDEN", "a user may only read or act on their own user id"));
        try {
            postAs(me, "/api/v1/orders", body)
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        } finally {
            StubServices.order().forget("POST", "/api/v1/orders");
        }

        assertThat(StubServices.order().requestsTo("/api/v1/orders")).anySatisfy(request -> {
            assertThat(request.body()).as("the body, unread and unchanged").isEqualTo(body);
            assertThat(CALLERS.verify(request.header(GatewayHeaders.CALLER).orElseThrow())).contains(new Caller(me, Set.of()));
        });
    }

    @Test
    void anotherUsersOrderIsRefusedByOrderServiceWhichKnowsWhoseItIsAndNothingOfItReachesTheClient() {
        long me = TestTokens.newUserId();
        long orderId = TestTokens.newUserId();
        StubServices.order().answer("GET", "/api/v1/orders/" + orderId,
                Answer.problem(403, "FORBIDDEN", "a user may only read or act on their own user id"));

        http.get().uri("/api/v1/orders/" + orderId).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.orderId").doesNotExist();
    }

    @Test
    void readingOnesOwnOrderGivesTheServicesAnswerByteForByte() {
        long me = TestTokens.newUserId();
        long orderId = TestTokens.newUserId();
        String order = "{\"orderId\": " + orderId + ", \"userId\": " + me + ", \"status\": \"PENDING\", \"items\": []}";
        StubServices.order().answer("GET", "/api/v1/orders/" + orderId, Answer.json(200, order).withHeader("X-Trace", "abc"));

        byte[] body = http.get().uri("/api/v1/orders/" + orderId + "?waitMs=10").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().is2xxSuccessful()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectHeader().valueEquals("X-Trace", "abc")
                .expectBody().returnResult().getResponseBody();

        assertThat(new String(body)).isEqualTo(order);
        assertThat(StubServices.order().lastRequestTo("/api/v1/orders/" + orderId))
                .hasValueSatisfying(request -> assertThat(request.query()).isEqualTo("waitMs=10"));
    }

    @Test
    void anAdminReadsAnyOrder() {
        long orderId = TestTokens.newUserId();
        StubServices.order().answer("GET", "/api/v1/orders/" + orderId,
                Answer.json(200, "{\"orderId\": " + orderId + ", \"userId\": 1, \"status\": \"COMPLETED\"}"));

        http.get().uri("/api/v1/orders/" + orderId).header(HttpHeaders.AUTHORIZATION, TestTokens.admin(TestTokens.newUserId())).exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody().jsonPath("$.userId").isEqualTo(1);
    }

    @Test
    void aMissingOrderIsTheServicesNotFoundNotAForbidden() {
        long me = TestTokens.newUserId();
        long orderId = TestTokens.newUserId();
        StubServices.order().answer("GET", "/api/v1/orders/" + orderId,
                Answer.problem(404, "ORDER_NOT_FOUND", "order " + orderId + " does not exist"));

        http.get().uri("/api/v1/orders/" + orderId).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("ORDER_NOT_FOUND");
    }

    private RestTestClient.ResponseSpec postAs(long userId, String path, String json) {
        return http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(userId))
                .contentType(MediaType.APPLICATION_JSON).body(json).exchange();
    }
}
