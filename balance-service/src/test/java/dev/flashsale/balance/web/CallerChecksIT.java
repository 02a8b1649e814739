package dev.flashsale.balance.web;

import dev.flashsale.balance.BalanceIntegrationTest;
import dev.flashsale.balance.Fixtures;
import dev.flashsale.balance.application.UserService;
import dev.flashsale.testkit.GatewayCallers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Balance-service checks who calls, whoever reaches it: a user reads and charges only their own balance, the admin
 * paths need the admin role, and a request without a caller identity the gateway signed gets nothing.
 */
@BalanceIntegrationTest
class CallerChecksIT {

    @Autowired
    RestTestClient http;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(users, jdbc);
    }

    @Test
    void aUserActingForAnotherUserIsForbiddenAndChangesNothing() {
        long me = fixtures.newUser();
        long other = fixtures.newUser();
        String mine = GatewayCallers.user(me);

        for (String path : new String[]{"/api/v1/users/" + other, "/api/v1/users/" + other + "/balance",
                "/api/v1/users/" + other + "/balance/history"}) {
            http.get().uri(path).header(GatewayCallers.HEADER, mine).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("FORBIDDEN")
                    .jsonPath("$.detail").isEqualTo("a user may only read or act on their own user id");
        }
        http.post().uri("/api/v1/users/" + other + "/balance/charge").header(GatewayCallers.HEADER, mine)
                .contentType(MediaType.APPLICATION_JSON).body("{\"amount\": 10000}").exchange()
                .expectStatus().isForbidden();

        assertThat(fixtures.ledgerEntries(other)).isZero();
        http.get().uri("/api/v1/users/" + me + "/balance").header(GatewayCallers.HEADER, mine).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.userId").isEqualTo(me);
    }

    @Test
    void theAdminPathsNeedTheAdminRole() {
        long me = fixtures.newUser();
        long usersBefore = jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();

        http.post().uri("/api/v1/admin/users").header(GatewayCallers.HEADER, GatewayCallers.user(me))
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\": \"made by a user\"}").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("this needs the admin role");
        http.get().uri("/api/v1/admin/balance/audit").header(GatewayCallers.HEADER, GatewayCallers.user(me)).exchange()
                .expectStatus().isForbidden();

        assertThat(jdbc.sql("SELECT count(*) FROM users").query(Long.class).single()).isEqualTo(usersBefore);
    }

    @Test
    void aRequestWithoutAValidCallerIdentityIsUnauthorized() {
        long me = fixtures.newUser();
        String[] noIdentity = {"", "v1;u=" + me + ";r=admin;e=9999999999;s=forged", GatewayCallers.anonymous()};

        for (String identity : noIdentity) {
            http.post().uri("/api/v1/users/" + me + "/balance/charge").header(GatewayCallers.HEADER, identity)
                    .contentType(MediaType.APPLICATION_JSON).body("{\"amount\": 10000}").exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }

        assertThat(fixtures.ledgerEntries(me)).isZero();
    }
}
