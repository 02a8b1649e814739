package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubService.Received;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import dev.flashsale.web.GatewayHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
class IdentityHeadersIT {

    @Autowired
    RestTestClient http;

    @Test
    void theServiceLearnsTheCallerFromTheTokenWhateverHeadersTheClientForged() {
        long me = TestTokens.newUserId();
        long victim = TestTokens.newUserId();
        String path = "/api/v1/users/" + me + "/balance";

        http.get().uri(path)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.user(me))
                .header(GatewayHeaders.USER_ID, Long.toString(victim))
                .header("x-user-id", Long.toString(victim))
                .header(GatewayHeaders.USER_ROLES, "admin")
                .header(GatewayHeaders.SECRET, "guessed")
                .exchange()
                .expectStatus().isOk();

        Received received = StubServices.balance().lastRequestTo(path).orElseThrow();
        assertThat(received.headerValues(GatewayHeaders.USER_ID)).containsExactly(Long.toString(me));
        assertThat(received.headerValues(GatewayHeaders.USER_ROLES)).isEmpty();
        assertThat(received.headerValues(GatewayHeaders.SECRET)).containsExactly(GatewayIntegrationTest.DOWNSTREAM_SECRET);
    }

    @Test
    void anAdminsRolesTravelToo() {
        long admin = TestTokens.newUserId();
        String path = "/api/v1/admin/sagas/" + admin;

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.admin(admin)).exchange().expectStatus().isOk();

        Received received = StubServices.order().lastRequestTo(path).orElseThrow();
        assertThat(received.header(GatewayHeaders.USER_ID)).contains(Long.toString(admin));
        assertThat(received.header(GatewayHeaders.USER_ROLES)).contains("admin");
    }

    @Test
    void anAnonymousRequestCarriesNoIdentityEvenIfTheClientClaimsOne() {
        long productId = TestTokens.newUserId();
        String path = "/api/v1/products/" + productId;

        http.get().uri(path)
                .header(GatewayHeaders.USER_ID, "1")
                .header(GatewayHeaders.USER_ROLES, "admin")
                .exchange()
                .expectStatus().isOk();

        Received received = StubServices.product().lastRequestTo(path).orElseThrow();
        assertThat(received.header(GatewayHeaders.USER_ID)).isEmpty();
        assertThat(received.header(GatewayHeaders.USER_ROLES)).isEmpty();
        assertThat(received.header(GatewayHeaders.SECRET)).contains(GatewayIntegrationTest.DOWNSTREAM_SECRET);
    }

    @Test
    void theBearerTokenStopsAtTheGateway() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/users/" + me + "/orders";

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange().expectStatus().isOk();

        assertThat(StubServices.order().lastRequestTo(path).orElseThrow().header(HttpHeaders.AUTHORIZATION)).isEmpty();
    }

    @Test
    void otherRequestHeadersPassThrough() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/users/" + me + "/balance/charge";

        http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me))
                .header("Idempotency-Key", "charge-" + me)
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .body("{\"amount\": 10000}")
                .exchange().expectStatus().isOk();

        assertThat(StubServices.balance().lastRequestTo(path).orElseThrow().header("Idempotency-Key")).contains("charge-" + me);
    }
}
