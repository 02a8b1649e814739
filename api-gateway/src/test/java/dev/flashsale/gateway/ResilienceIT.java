package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubService;
import dev.flashsale.gateway.support.StubService.Answer;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ranking-service is the one these tests break: a time limit of {@value GatewayIntegrationTest#RANKING_TIME_LIMIT_MS} ms
 * and a breaker that opens when half of four calls fail (see {@link GatewayIntegrationTest}).
 */
@GatewayIntegrationTest
class ResilienceIT {

    private static final String POPULAR = "/api/v1/products/popular";
    private static final Duration SLOWER_THAN_THE_LIMIT = Duration.ofMillis(GatewayIntegrationTest.RANKING_TIME_LIMIT_MS * 4L);

    @Autowired
    RestTestClient http;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final StubService ranking = StubServices.ranking();

    @AfterEach
    void rankingIsHealthyAgain() {
        ranking.forget("GET", POPULAR);
        breakers.circuitBreaker("ranking").reset();
    }

    @Test
    void aSlowServiceIsUnavailableWithinItsTimeLimitInsteadOfHanging() {
        ranking.answer("GET", POPULAR, Answer.json(200, "{\"items\": []}").after(SLOWER_THAN_THE_LIMIT));

        long start = System.nanoTime();
        http.get().uri(POPULAR).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.detail").isEqualTo("ranking-service did not answer in time");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(GatewayIntegrationTest.RANKING_TIME_LIMIT_MS))
                .isLessThan(SLOWER_THAN_THE_LIMIT);
    }

    @Test
    void aStoppedServiceIsUnavailableAtOnceAndRecoversWhenItIsBack() {
        ranking.stop();
        try {
            long start = System.nanoTime();
            http.get().uri(POPULAR).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                    .jsonPath("$.detail").isEqualTo("ranking-service cannot be reached");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        } finally {
            ranking.restart();
        }
        http.get().uri(POPULAR).exchange().expectStatus().isOk();
    }

    @Test
    void aFailingServiceOpensItsCircuitSoCallersAreAnsweredWithoutWaitingAndItRecoversAfterwards() {
        ranking.answer("GET", POPULAR, Answer.json(200, "{\"items\": []}").after(SLOWER_THAN_THE_LIMIT));
        for (int call = 0; call < 4; call++) {
            http.get().uri(POPULAR).exchange().expectStatus().isEqualTo(503);
        }
        assertThat(breakers.circuitBreaker("ranking").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int receivedWhileClosed = ranking.requestsTo(POPULAR).size();

        long start = System.nanoTime();
        http.get().uri(POPULAR).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2")
                .expectBody()
                .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.detail").isEqualTo("ranking-service is failing; the gateway is giving it time to recover");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(GatewayIntegrationTest.RANKING_TIME_LIMIT_MS));
        assertThat(ranking.requestsTo(POPULAR)).hasSize(receivedWhileClosed);

        ranking.answer("GET", POPULAR, Answer.json(200, "{\"items\": []}"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                http.get().uri(POPULAR).exchange().expectStatus().isOk());
        assertThat(breakers.circuitBreaker("ranking").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aServicesOwn5xxPassesThroughButCountsAgainstItsCircuit() {
        ranking.answer("GET", POPULAR, Answer.problem(500, "INTERNAL_ERROR", "an unexpected error occurred"));
        for (int call = 0; call < 4; call++) {
            http.get().uri(POPULAR).exchange()
                    .expectStatus().isEqualTo(500)
                    .expectBody().jsonPath("$.code").isEqualTo("INTERNAL_ERROR");
        }
        assertThat(breakers.circuitBreaker("ranking").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aServicesBreakerDoesNotTouchTheOthers() {
        ranking.answer("GET", POPULAR, Answer.problem(503, "SERVICE_UNAVAILABLE", "down for maintenance"));
        for (int call = 0; call < 4; call++) {
            http.get().uri(POPULAR).exchange().expectStatus().isEqualTo(503);
        }
        assertThat(breakers.circuitBreaker("ranking").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        http.get().uri("/api/v1/products/" + TestTokens.newUserId()).exchange().expectStatus().isOk();
    }

    @Test
    void anOrderLongPollGetsItsRequestedWaitOnTopOfTheTimeLimit() {
        long me = TestTokens.newUserId();
        long orderId = TestTokens.newUserId();
        String path = "/api/v1/orders/" + orderId;
        // order-service's time limit is 2 s; the answer comes after 3 s.
        StubServices.order().answer("GET", path, Answer.json(200,
                "{\"orderId\": " + orderId + ", \"userId\": " + me + ", \"status\": \"COMPLETED\"}").after(Duration.ofSeconds(3)));

        http.get().uri(path + "?waitMs=2000").header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, TestTokens.user(me)).exchange()
                .expectStatus().isEqualTo(503);
    }
}
