package dev.flashsale.web;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults every service of this project runs with; a service's own configuration overrides any of
 * them. Virtual threads take effect only on a Java 21+ runtime (the code is compiled for 17).
 */
public final class ServiceDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("flashsaleServiceDefaults", Map.ofEntries(
                Map.entry("spring.threads.virtual.enabled", "true"),
                // 2.5 won or 1.5 units is a mistake, not a number to round: refuse it as VALIDATION_FAILED.
                Map.entry("spring.jackson.deserialization.accept-float-as-int", "false"),
                Map.entry("server.shutdown", "graceful"),
                Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "20s"),
                Map.entry("spring.jpa.open-in-view", "false"),
                Map.entry("spring.mvc.problemdetails.enabled", "false"),
                Map.entry("server.tomcat.max-swallow-size", "2MB"),
                Map.entry("spring.servlet.multipart.enabled", "false"),
                Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus,metrics"),
                Map.entry("management.endpoint.health.probes.enabled", "true"),
                Map.entry("management.endpoint.health.show-details", "always"),
                Map.entry("management.metrics.tags.application", "${spring.application.name}"),
                // Empty unless the deployment sets GATEWAY_SECRET; then only the gateway gets in.
                Map.entry(WebSupportAutoConfiguration.GATEWAY_SECRET, "${GATEWAY_SECRET:}"))));
    }
}
