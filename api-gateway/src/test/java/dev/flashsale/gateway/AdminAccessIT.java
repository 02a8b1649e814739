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
class AdminAccessIT {

    @Autowired
    RestTestClient http;

    @Test
    void aUserWithoutTheAdminRoleIsForbiddenOnEveryAdminPath() {
        long userId = TestTokens.newUserId();
        String[] adminPaths = {"/api/v1/admin/users", "/api/v1/admin/products", "/api/v1/admin/coupons",
                "/api/v1/admin/orders/" + userId, "/api/v1/admin/ranking/" + userId};
        for (String path : adminPaths) {
            http.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(userId))
                    .contentType(MediaType.APPLICATION_JSON).body("{\"name\": \"kim\"}").exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("FORBIDDEN")
                    .jsonPath("$.detail").isEqualTo("this needs the admin role");
        }
        http.patch().uri("/api/v1/admin/variants/" + userId + "/stock").header(HttpHeaders.AUTHORIZATION, TestTokens.user(userId))
                .contentType(MediaType.APPLICATION_JSON).body("{\"delta\": 50}").exchange()
                .expectStatus().isForbidden();

        assertThat(StubServices.order().requestsTo("/api/v1/admin/orders/" + userId)).isEmpty();
        assertThat(StubServices.product().requestsTo("/api/v1/admin/variants/" + userId + "/stock")).isEmpty();
    }

    @Test
    void anAdminReachesTheOwningService() {
        long adminId = TestTokens.newUserId();
        long variantId = TestTokens.newUserId();
        http.patch().uri("/api/v1/admin/variants/" + variantId + "/stock").header(HttpHeaders.AUTHORIZATION, TestTokens.admin(adminId))
                .contentType(MediaType.APPLICATION_JSON).body("{\"delta\": 50}").exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody().jsonPath("$.service").isEqualTo("product");

        assertThat(StubServices.product().lastRequestTo("/api/v1/admin/variants/" + variantId + "/stock"))
                .hasValueSatisfying(request -> assertThat(request.body()).isEqualTo("{\"delta\": 50}"));
    }

    @Test
    void anAdminMayActForAnyUser() {
        long adminId = TestTokens.newUserId();
        long someoneElse = TestTokens.newUserId();
        http.get().uri("/api/v1/users/" + someoneElse + "/balance").header(HttpHeaders.AUTHORIZATION, TestTokens.admin(adminId)).exchange()
                .expectStatus().is2xxSuccessful();
        http.post().uri("/api/v1/orders").header(HttpHeaders.AUTHORIZATION, TestTokens.admin(adminId))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\": " + someoneElse + ", \"items\": [{\"variantId\": 12, \"quantity\": 1}]}").exchange()
                .expectStatus().is2xxSuccessful();
    }

    @Test
    void actuatorBeyondHealthAndMetricsNeedsAnAdmin() {
        http.get().uri("/actuator/metrics").header(HttpHeaders.AUTHORIZATION, TestTokens.user(TestTokens.newUserId())).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/actuator/metrics").header(HttpHeaders.AUTHORIZATION, TestTokens.admin(TestTokens.newUserId())).exchange()
                .expectStatus().is2xxSuccessful();
    }
}
