package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
class AuthenticationIT {

    @Autowired
    RestTestClient http;

    @Test
    void aRequestWithoutATokenIsUnauthorizedAndNeverReachesTheService() {
        long userId = TestTokens.newUserId();
        String path = "/api/v1/users/" + userId + "/balance";

        http.get().uri(path).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").isEqualTo("a bearer token is required");

        assertThat(StubServices.balance().requestsTo(path)).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsUnauthorized() {
        long userId = TestTokens.newUserId();
        String path = "/api/v1/users/" + userId + "/balance";

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.signedWithAnotherKey(userId)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.detail").isEqualTo("the bearer token is not valid");

        assertThat(StubServices.balance().requestsTo(path)).isEmpty();
    }

    @Test
    void anExpiredTokenIsUnauthorizedAndSaysSo() {
        long userId = TestTokens.newUserId();
        String path = "/api/v1/users/" + userId + "/balance";

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.expired(userId)).exchange()
                .expectStatus().isUnauthorized()
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.detail").isEqualTo("the bearer token has expired");

        assertThat(StubServices.balance().requestsTo(path)).isEmpty();
    }

    @Test
    void aTokenWithoutAnExpiryIsUnauthorized() {
        long userId = TestTokens.newUserId();
        String path = "/api/v1/users/" + userId + "/balance";

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.withoutExpiry(userId)).exchange()
                .expectStatus().isUnauthorized()
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.detail").isEqualTo("the bearer token is not valid");

        assertThat(StubServices.balance().requestsTo(path)).isEmpty();
    }

    @Test
    void somethingThatIsNotATokenAtAllIsUnauthorized() {
        http.get().uri("/api/v1/orders/1").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-jwt").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        http.get().uri("/api/v1/orders/1").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void aValidTokenReachesTheService() {
        long userId = TestTokens.newUserId();
        String path = "/api/v1/users/" + userId + "/balance";

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(userId)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo("balance");

        assertThat(StubServices.balance().requestsTo(path)).hasSize(1);
    }

    @Test
    void publicReadsNeedNoToken() {
        http.get().uri("/api/v1/products?page=0&size=20").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("product");
        http.get().uri("/api/v1/products/3").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("product");
        http.get().uri("/api/v1/products/popular").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("ranking");
        http.get().uri("/api/v1/coupons/5").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("coupon");
    }

    @Test
    void everythingElseNeedsAToken() {
        http.post().uri("/api/v1/products/3").contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
                .expectStatus().isUnauthorized();
        http.post().uri("/api/v1/coupons/5/issue").contentType(MediaType.APPLICATION_JSON).body("{\"userId\": 1}").exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/v1/orders/1").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/admin/sagas/1").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/somewhere-else").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void anUnknownPathIsAProblemNotFoundForAnAuthenticatedCaller() {
        long userId = TestTokens.newUserId();
        http.get().uri("/api/v1/somewhere-else").header(HttpHeaders.AUTHORIZATION, TestTokens.user(userId)).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }
}
