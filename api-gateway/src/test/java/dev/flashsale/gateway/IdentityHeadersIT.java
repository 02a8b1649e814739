package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubService.Received;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import dev.flashsale.web.Caller;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a service learns of the caller: one identity, signed by the gateway from the verified token, nothing a client wrote. */
@GatewayIntegrationTest
class IdentityHeadersIT {

    /** What a service holding the same GATEWAY_SECRET verifies the header with. */
    private static final GatewayIdentity SERVICE_SIDE = GatewayIdentity.withSecret(GatewayIntegrationTest.DOWNSTREAM_SECRET);

    @Autowired
    RestTestClient http;

    @Test
    void theServiceLearnsTheCallerFromTheTokenWhateverHeadersTheClientForged() {
        long me = TestTokens.newUserId();
        long victim = TestTokens.newUserId();
        String path = "/api/v1/users/" + me + "/balance";
        String forgedIdentity = GatewayIdentity.withSecret("a-guessed-secret-of-some-length")
                .sign(new Caller(victim, Set.of(Caller.ADMIN)), Instant.now().plusSeconds(30));

        http.get().uri(path)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.user(me))
                .header(GatewayHeaders.CALLER, forgedIdentity)
                .header(GatewayHeaders.USER_ID, Long.toString(victim))
                .header("x-user-id", Long.toString(victim))
                .header(GatewayHeaders.USER_ROLES, "admin")
                .header(GatewayHeaders.SECRET, "guessed")
                .exchange()
                .expectStatus().isOk();

        Received received = StubServices.balance().lastRequestTo(path).orElseThrow();
        assertThat(received.headerValues(GatewayHeaders.CALLER)).singleElement()
                .satisfies(identity -> assertThat(SERVICE_SIDE.verify(identity)).contains(new Caller(me, Set.of())));
        assertThat(received.headerValues(GatewayHeaders.USER_ID)).isEmpty();
        assertThat(received.headerValues(GatewayHeaders.USER_ROLES)).isEmpty();
        assertThat(received.headerValues(GatewayHeaders.SECRET)).as("the secret itself never travels").isEmpty();
    }

    @Test
    void anAdminsRolesTravelToo() {
        long admin = TestTokens.newUserId();
        String path = "/api/v1/admin/sagas/" + admin;

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.admin(admin)).exchange().expectStatus().isOk();

        assertThat(SERVICE_SIDE.verify(StubServices.order().lastRequestTo(path).orElseThrow().header(GatewayHeaders.CALLER).orElseThrow()))
                .contains(new Caller(admin, Set.of(Caller.ADMIN)));
    }

    @Test
    void anAnonymousRequestIsVouchedForWithoutACallerEvenIfTheClientClaimsOne() {
        long productId = TestTokens.newUserId();
        String path = "/api/v1/products/" + productId;

        http.get().uri(path)
                .header(GatewayHeaders.USER_ID, "1")
                .header(GatewayHeaders.USER_ROLES, "admin")
                .exchange()
                .expectStatus().isOk();

        Received received = StubServices.product().lastRequestTo(path).orElseThrow();
        assertThat(SERVICE_SIDE.verify(received.header(GatewayHeaders.CALLER).orElseThrow())).isEqualTo(Optional.empty());
        assertThat(received.header(GatewayHeaders.USER_ID)).isEmpty();
        assertThat(received.header(GatewayHeaders.USER_ROLES)).isEmpty();
    }

    @Test
    void theIdentityIsGoodForSecondsOnly() {
        long me = TestTokens.newUserId();
        String path = "/api/v1/users/" + me + "/orders";

        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange().expectStatus().isOk();

        String identity = StubServices.order().lastRequestTo(path).orElseThrow().header(GatewayHeaders.CALLER).orElseThrow();
        long expiresAt = Long.parseLong(identity.replaceAll(".*;e=([0-9]+);.*", "$1"));
        assertThat(Duration.between(Instant.now(), Instant.ofEpochSecond(expiresAt)))
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(31));
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
