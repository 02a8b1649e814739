package dev.flashsale.testkit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What every service with an outbox promises about readiness: it is ready when it can serve its HTTP and its
 * listeners, whether or not its instance leads the outbox relay (one instance per database streams, the others
 * stand by, all of them ready); the relay's role shows in its health for operators. A service's test extends
 * this and carries the service's integration-test annotation.
 */
public abstract class ReadinessContract {

    @Autowired
    protected RestTestClient http;

    @Test
    void isReadyWithoutTheRelayAndItsOnlyInstanceLeadsAndStreamsTheRelay() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.outboxRelay").doesNotExist());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.outboxRelay.status").isEqualTo("UP")
                .jsonPath("$.components.outboxRelay.details.role").isEqualTo("LEADER")
                .jsonPath("$.components.outboxRelay.details.streaming").isEqualTo(true));
    }
}
