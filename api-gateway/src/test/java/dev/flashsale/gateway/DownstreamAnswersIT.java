package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubService.Answer;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** What a service answers reaches the client as it was: status, content type, body, headers. */
@GatewayIntegrationTest
class DownstreamAnswersIT {

    @Autowired
    RestTestClient http;

    /** These paths are shared with other tests: leave them answering as by default. */
    @AfterEach
    void forgetSharedAnswers() {
        StubServices.order().forget("POST", "/api/v1/orders");
        StubServices.balance().forget("POST", "/api/v1/admin/users");
    }

    @ParameterizedTest
    @CsvSource({
            "400, VALIDATION_FAILED",
            "404, COUPON_NOT_FOUND",
            "409, COUPON_SOLD_OUT",
            "409, COUPON_ALREADY_ISSUED",
            "422, IDEMPOTENCY_KEY_REUSED",
            "500, INTERNAL_ERROR"})
    void aServicesProblemReachesTheClientUnchanged(int status, String code) {
        long me = TestTokens.newUserId();
        String path = "/api/v1/coupons/" + me + "/issue";
        Answer problem = Answer.problem(status, code, "detail of " + code + " for " + me);
        StubServices.coupon().answer("POST", path, problem);

        byte[] body = http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me))
                .contentType(MediaType.APPLICATION_JSON).body("{\"userId\": " + me + "}").exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();

        assertThat(new String(body)).isEqualTo(problem.body());
    }

    @Test
    void anAcceptedOrderKeepsItsStatusAndLocation() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/orders";
        StubServices.order().answer("POST", path, Answer.json(202, "{\"orderId\": 1001, \"status\": \"PENDING\"}")
                .withHeader("Location", "/api/v1/orders/1001"));

        http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\": " + me + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}]}").exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/v1/orders/1001")
                .expectBody().json("{\"orderId\": 1001, \"status\": \"PENDING\"}");
    }

    @Test
    void aCreatedUserKeeps201() {
        String path = "/api/v1/admin/users";
        StubServices.balance().answer("POST", path, Answer.json(201, "{\"userId\": 7, \"name\": \"kim\"}"));

        http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.admin(TestTokens.newUserId()))
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\": \"kim\"}").exchange()
                .expectStatus().isCreated()
                .expectBody().json("{\"userId\": 7, \"name\": \"kim\"}");
    }

    @Test
    void aRedirectIsTheClientsToFollowNotTheGateways() {
        String path = "/api/v1/products/" + TestTokens.newUserId();
        String target = "/api/v1/products/" + TestTokens.newUserId();
        StubServices.product().answer("GET", path, Answer.json(302, "").withHeader("Location", target));

        http.get().uri(path).exchange()
                .expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, target);
        assertThat(StubServices.product().requestsTo(target)).isEmpty();
    }
}
