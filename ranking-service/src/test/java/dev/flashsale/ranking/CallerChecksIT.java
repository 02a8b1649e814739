package dev.flashsale.ranking;

import dev.flashsale.testkit.GatewayCallers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Ranking-service checks who calls, whoever reaches it: anyone the gateway lets through reads the popular products,
 * only an admin runs, rebuilds or audits the ranking, and a request without a caller identity the gateway signed gets
 * nothing.
 */
@RankingIntegrationTest
class CallerChecksIT {

    @Autowired
    RestTestClient http;

    @Test
    void aVisitorReadsThePopularProducts() {
        http.get().uri("/api/v1/products/popular").header(GatewayCallers.HEADER, GatewayCallers.anonymous()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void aUserWhoIsNoAdminCannotOperateTheRanking() {
        String user = GatewayCallers.user(7);
        http.post().uri("/api/v1/admin/ranking/aggregate").header(GatewayCallers.HEADER, user).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.detail").isEqualTo("this needs the admin role");
        http.post().uri("/api/v1/admin/ranking/rebuild?from=2026-11-01&to=2026-11-02").header(GatewayCallers.HEADER, user)
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/admin/ranking/audit").header(GatewayCallers.HEADER, user).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aRequestWithoutAValidCallerIdentityIsUnauthorized() {
        for (String identity : new String[]{"", "v1;u=1;r=admin;e=9999999999;s=forged"}) {
            http.get().uri("/api/v1/products/popular").header(GatewayCallers.HEADER, identity).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
            http.post().uri("/api/v1/admin/ranking/aggregate").header(GatewayCallers.HEADER, identity).exchange()
                    .expectStatus().isUnauthorized();
        }
    }
}
