package dev.flashsale.localstack;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceSpecTest {

    @Test
    void theStackKnowsEveryServiceOfTheDescriptionInStartOrderWithTheGatewayLast() {
        assertThat(ServiceSpec.ALL).extracting(ServiceSpec::name).containsExactly(
                "balance-service", "product-service", "coupon-service", "order-service", "ranking-service", "api-gateway");
        ServiceSpec order = ServiceSpec.named("order-service");
        assertThat(order.port()).isEqualTo(8084);
        assertThat(order.databaseName()).contains("orders");
        assertThat(order.routes()).contains("/api/v1/orders/**");
        assertThat(order.readinessPath()).isEqualTo("/actuator/health/readiness");
        assertThat(ServiceSpec.named("api-gateway").databaseName()).isEmpty();
    }

    @Test
    void aDescriptionWithTwoServicesOnOnePortIsRefused() {
        String description = """
                services:
                  - {name: a-service, port: 9001, metrics: /m, readiness: /r, liveness: /l}
                  - {name: b-service, port: 9001, metrics: /m, readiness: /r, liveness: /l}
                """;
        assertThatThrownBy(() -> ServiceSpec.parse(new ByteArrayInputStream(description.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("its own name and port");
    }

    @Test
    void aServiceWithoutItsReadinessPathIsRefused() {
        String description = """
                services:
                  - {name: a-service, port: 9001, metrics: /m, liveness: /l}
                """;
        assertThatThrownBy(() -> ServiceSpec.parse(new ByteArrayInputStream(description.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("a-service");
    }
}
