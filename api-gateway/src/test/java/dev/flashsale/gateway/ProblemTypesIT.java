package dev.flashsale.gateway;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.gateway.support.StubService;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's own refusals carry the problem type of their code (RFC 9457), as every service's answers do. */
@GatewayIntegrationTest
class ProblemTypesIT {

    private static final Pattern EXAMPLE = Pattern.compile("\\{type: \"([^\"]+)\",[^{}]*?code: ([A-Z_]+)");

    @Autowired
    RestTestClient http;
    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void theGatewaysOwnRefusalsCarryTheTypeOfTheirCode() {
        long me = TestTokens.newUserId();
        http.get().uri("/api/v1/users/" + me + "/balance").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/unauthorized");
        http.get().uri("/api/v1/users/" + (me + 1) + "/balance").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/forbidden");
        http.get().uri("/api/v1/nowhere").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/not-found");

        StubService ranking = StubServices.ranking();
        ranking.stop();
        try {
            http.get().uri("/api/v1/products/popular").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
        } finally {
            ranking.restart();
            breakers.circuitBreaker("ranking").reset();
        }
    }

    @Test
    void everyProblemExampleOfTheOpenApiDocumentHasTheTypeOfItsCode() throws IOException {
        String document = new ClassPathResource("openapi/flashsale-api.yaml").getContentAsString(StandardCharsets.UTF_8);
        Matcher example = EXAMPLE.matcher(document);
        int examples = 0;
        while (example.find()) {
            assertThat(example.group(1)).as(example.group()).isEqualTo(ErrorCode.valueOf(example.group(2)).type().toString());
            examples++;
        }
        assertThat(examples).isGreaterThanOrEqualTo(10);
        assertThat(document).doesNotContain("about:blank");
    }
}
