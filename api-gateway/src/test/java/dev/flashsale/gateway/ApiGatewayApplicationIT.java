package dev.flashsale.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
class ApiGatewayApplicationIT {

    @Autowired
    RestTestClient http;

    @Test
    void isReadyAndExposesMetricsWithoutAToken() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody();

        for (String service : new String[]{"balance", "product", "coupon", "order", "ranking"}) {
            assertThat(metrics).contains("resilience4j_circuitbreaker_state{application=\"api-gateway\",name=\"" + service + "\",state=\"closed\"}");
        }
    }

    @Test
    void otherActuatorEndpointsNeedAToken() {
        http.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
    }
}
