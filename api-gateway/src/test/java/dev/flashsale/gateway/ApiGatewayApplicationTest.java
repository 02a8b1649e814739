package dev.flashsale.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

@GatewayIntegrationTest
class ApiGatewayApplicationTest {

    @Autowired
    RestTestClient http;

    @Test
    void isReadyAndExposesMetricsWithoutAToken() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void otherActuatorEndpointsNeedAnAdmin() {
        http.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
    }
}
