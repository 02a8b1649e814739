package dev.flashsale.gateway;

import dev.flashsale.gateway.support.TestTokens;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters the HTTP dashboard and the error-rate and latency alerts read (infra/prometheus,
 * infra/grafana), on the real {@code /actuator/prometheus}: what clients saw, the calls to services,
 * the breakers, and a request refused by the rate limit.
 */
@GatewayIntegrationTest
class GatewayMetricsIT {

    @Autowired
    RestTestClient http;

    @Test
    void routedAndRateLimitedRequestsShowInTheGatewayMetrics() {
        long me = TestTokens.newUserId();
        http.get().uri("/api/v1/users/{id}/balance", me).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isOk();
        for (int i = 0; i < 4; i++) {
            http.post().uri("/api/v1/coupons/7/issue").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me))
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("userId", me)).exchange();
        }

        PrometheusScrape scrape = scrape();

        assertThat(scrape.value("http_server_requests_seconds_bucket", "application", "api-gateway", "status", "200", "le", "+Inf")).isPositive();
        assertThat(scrape.value("http_server_requests_seconds_count", "status", "429")).isPositive();
        assertThat(scrape.value("http_client_requests_seconds_count", "status", "200")).isPositive();
        assertThat(scrape.value("gateway_rate_limited_total", "bucket", "coupon-issue")).isPositive();
        assertThat(scrape.value("resilience4j_circuitbreaker_state", "name", "balance", "state", "closed")).isPositive();
        assertThat(scrape.value("resilience4j_circuitbreaker_calls_seconds_count", "name", "balance", "kind", "successful")).isPositive();
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
    }
}
