package dev.flashsale.gateway;

import dev.flashsale.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The module's tests run in the default profile: the local token endpoint must not be there. */
@GatewayIntegrationTest
class DevTokensEndpointIT {

    @Autowired
    RestTestClient http;

    @Test
    void theDevTokenEndpointDoesNotExistOutsideTheLocalProfile() {
        http.post().uri("/api/v1/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\": 1, \"roles\": [\"admin\"]}").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("NOT_FOUND")
                .jsonPath("$.token").doesNotExist();
        http.post().uri("/api/v1/dev/tokens").header(HttpHeaders.AUTHORIZATION, TestTokens.admin(1))
                .contentType(MediaType.APPLICATION_JSON).body("{\"userId\": 1}").exchange()
                .expectStatus().isNotFound();
    }
}
