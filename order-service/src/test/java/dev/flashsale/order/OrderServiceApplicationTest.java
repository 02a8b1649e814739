package dev.flashsale.order;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

@OrderIntegrationTest
class OrderServiceApplicationTest {

    @Autowired
    RestTestClient http;

    @Test
    void becomesReadyOnceItsOutboxRelayStreams() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk());
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.outboxRelay.status").isEqualTo("UP");
    }
}
