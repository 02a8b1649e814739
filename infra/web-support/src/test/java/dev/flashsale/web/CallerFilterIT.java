package dev.flashsale.web;

import dev.flashsale.web.testapp.ProblemTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/** A service as deployed: only requests with a caller identity the gateway signed get in, and each acts for itself. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ProblemTestApplication.class, properties = "GATEWAY_SECRET=" + CallerFilterIT.SECRET)
@AutoConfigureRestTestClient
class CallerFilterIT {

    static final String SECRET = "s3cret-shared-with-the-gateway";
    private static final GatewayIdentity GATEWAY = GatewayIdentity.withSecret(SECRET);

    @Autowired
    RestTestClient http;

    @Test
    void aRequestWithoutACallerIdentityIsUnauthorizedAndReachesNothing() {
        http.get().uri("/things/12").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, CallerFilter.CHALLENGE)
                .expectHeader().exists("X-Trace-Id")
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").isEqualTo("the request carries no valid caller identity from the gateway");
        http.post().uri("/charges").contentType(MediaType.APPLICATION_JSON).body("{\"amount\": -5}").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void anIdentityTheGatewayDidNotSignIsRefused() {
        Instant soon = Instant.now().plusSeconds(30);
        String valid = GATEWAY.sign(new Caller(7, Set.of()), soon);
        String[] forged = {
                GatewayIdentity.withSecret("a-guessed-secret-of-some-length").sign(new Caller(7, Set.of(Caller.ADMIN)), soon),
                valid.replace("u=7;", "u=8;"),
                valid.replace(";r=;", ";r=admin;"),
                valid.substring(0, valid.length() - 2),
                "v1;u=7;r=admin;e=" + soon.getEpochSecond(),
                "not an identity"};
        for (String identity : forged) {
            http.get().uri("/whoami").header(GatewayHeaders.CALLER, identity).exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void anExpiredIdentityIsRefused() {
        String expired = GatewayIdentity.withSecret(SECRET, Clock.fixed(Instant.now().minusSeconds(120), ZoneOffset.UTC))
                .sign(new Caller(7, Set.of()), Instant.now().minusSeconds(90));

        http.get().uri("/whoami").header(GatewayHeaders.CALLER, expired).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theOldPlainHeadersAndTheSecretItselfAreNoIdentity() {
        http.get().uri("/whoami")
                .header(GatewayHeaders.SECRET, SECRET)
                .header(GatewayHeaders.USER_ID, "7")
                .header(GatewayHeaders.USER_ROLES, "admin").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aControllerLearnsTheCallerTheGatewaySigned() {
        http.get().uri("/whoami").header(GatewayHeaders.CALLER, user(7)).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("7");
    }

    @Test
    void anAnonymousRequestThroughTheGatewayReachesPublicEndpointsButNotOnesThatNeedAUser() {
        String anonymous = GATEWAY.sign(null, Instant.now().plusSeconds(30));

        http.get().uri("/things/12").header(GatewayHeaders.CALLER, anonymous).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("PRODUCT_NOT_FOUND");
        http.get().uri("/whoami").header(GatewayHeaders.CALLER, anonymous).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        http.get().uri("/users/7/things").header(GatewayHeaders.CALLER, anonymous).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/v1/admin/things").header(GatewayHeaders.CALLER, anonymous).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aUserIdInThePathMustBeTheCallersOwn() {
        http.get().uri("/users/7/things").header(GatewayHeaders.CALLER, user(7)).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("things of 7");
        http.get().uri("/users/007/things").header(GatewayHeaders.CALLER, user(7)).exchange()
                .expectStatus().isOk();
        for (String someoneElse : new String[]{"8", "0x7", "7.5", "me"}) {
            http.get().uri("/users/" + someoneElse + "/things").header(GatewayHeaders.CALLER, user(7)).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("FORBIDDEN")
                    .jsonPath("$.detail").isEqualTo("a user may only read or act on their own user id");
        }
        http.get().uri("/users/8/things").header(GatewayHeaders.CALLER, admin(7)).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("things of 8");
    }

    @Test
    void adminPathsNeedTheAdminRole() {
        http.get().uri("/api/v1/admin/things").header(GatewayHeaders.CALLER, user(7)).exchange()
                .expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.detail").isEqualTo("this needs the admin role");
        http.get().uri("/api/v1//admin/things").header(GatewayHeaders.CALLER, user(7)).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/admin/things").header(GatewayHeaders.CALLER, admin(7)).exchange()
                .expectStatus().isOk();
    }

    @Test
    void anotherSpellingOfAGuardedPathIsStillGuarded() {
        http.get().uri("/%74hings/12").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/../things/12").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator;x=1/../things/12").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/health/../../things/12").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void probesStayOpen() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void operatorEndpointsOnThePublicPortNeedTheGatewaySecretItself() {
        http.get().uri("/actuator/metrics").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        http.get().uri("/actuator/metrics").header(GatewayHeaders.SECRET, SECRET + "x").exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/actuator/metrics").header(GatewayHeaders.CALLER, admin(7)).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/actuator/metrics").header(GatewayHeaders.SECRET, SECRET).exchange()
                .expectStatus().isOk();
    }

    private static String user(long userId) {
        return GATEWAY.sign(new Caller(userId, Set.of()), Instant.now().plus(Duration.ofSeconds(30)));
    }

    private static String admin(long userId) {
        return GATEWAY.sign(new Caller(userId, Set.of(Caller.ADMIN)), Instant.now().plus(Duration.ofSeconds(30)));
    }
}
