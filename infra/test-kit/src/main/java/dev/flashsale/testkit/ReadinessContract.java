package dev.flashsale.testkit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What every service with an outbox promises about readiness: it reports ready only once its relay
 * streams, so nothing it accepts is stuck in its outbox. A service's test extends this and carries the
 * service's integration-test annotation.
 */
public abstract class ReadinessContract {

    @Autowired
    protected RestTestClient http;

    @Test
    void becomesReadyOnceItsOutboxRelayStreams() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk());
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.outboxRelay.status").isEqualTo("UP");
    }
}
