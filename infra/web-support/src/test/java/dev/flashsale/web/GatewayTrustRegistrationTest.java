package dev.flashsale.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayTrustRegistrationTest {

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebSupportAutoConfiguration.class));

    @Test
    void withoutASecretEveryoneMayCallTheServiceSoItsOwnTestsNeedNothing() {
        context.run(started -> assertThat(started).doesNotHaveBean("gatewayTrustFilter"));
        context.withPropertyValues("flashsale.web.gateway-secret=  ")
                .run(started -> assertThat(started).doesNotHaveBean("gatewayTrustFilter"));
    }

    @Test
    void withASecretTheFilterGuardsTheService() {
        context.withPropertyValues("flashsale.web.gateway-secret=s3cret")
                .run(started -> assertThat(started).hasBean("gatewayTrustFilter"));
    }

    @Test
    void theSecretComesFromTheGatewaySecretEnvironmentVariable() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("env", Map.of("GATEWAY_SECRET", "from-env")));
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("flashsale.web.gateway-secret")).isEqualTo("from-env");

        StandardEnvironment unset = new StandardEnvironment();
        new ServiceDefaults().postProcessEnvironment(unset, new SpringApplication());
        assertThat(unset.getProperty("flashsale.web.gateway-secret")).isEmpty();
    }
}
