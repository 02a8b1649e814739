package dev.flashsale.web;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.util.HashMap;
import java.util.Map;

/**
 * Defaults every service of this project runs with; a service's own configuration overrides any of
 * them. Virtual threads take effect only on a Java 21+ runtime (the code is compiled for 17).
 */
public final class ServiceDefaults implements EnvironmentPostProcessor {

    static final String OTLP_TRACES_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>(Map.ofEntries(
                Map.entry("spring.threads.virtual.enabled", "true"),
                // 2.5 won or 1.5 units is a mistake, not a number to round: refuse it as VALIDATION_FAILED.
                Map.entry("spring.jackson.deserialization.accept-float-as-int", "false"),
                Map.entry("server.shutdown", "graceful"),
                Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "20s"),
                Map.entry("spring.jpa.open-in-view", "false"),
                Map.entry("spring.mvc.problemdetails.enabled", "false"),
                // An application event after every request that nothing here listens to.
                Map.entry("spring.mvc.publish-request-handled-events", "false"),
                Map.entry("server.tomcat.max-swallow-size", "2MB"),
                Map.entry("spring.servlet.multipart.enabled", "false"),
                Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus,metrics,deadletters,outbox"),
                Map.entry("management.endpoint.health.probes.enabled", "true"),
                Map.entry("management.endpoint.health.show-details", "always"),
                Map.entry("management.metrics.tags.application", "${spring.application.name}"),
                // Buckets for what clients see, so Prometheus can compute p99 across instances (alerts, dashboards).
                Map.entry("management.metrics.distribution.percentiles-histogram.http.server.requests", "true"),
                Map.entry("management.metrics.distribution.maximum-expected-value.http.server.requests", "30s"),
                // Every order is traced by default: a flash sale's rare failure is the trace one needs. Spans cost
                // little while no exporter is configured; lower it where an exporter meets real traffic.
                Map.entry("management.tracing.sampling.probability", "${TRACING_SAMPLING_PROBABILITY:1.0}"),
                // Required outside the local profile (WebSupportAutoConfiguration): without it nothing gets in.
                Map.entry("flashsale.web.gateway-secret", "${GATEWAY_SECRET:}"),
                // The one time zone (ZoneProperties); the messaging library's envelopes follow it unless told otherwise.
                Map.entry("flashsale.zone", ZoneProperties.DEFAULT),
                Map.entry("flashsale.messaging.zone", "${flashsale.zone}")));
        String otlp = otlpTracesEndpoint(environment);
        if (otlp != null) {
            defaults.put(OTLP_TRACES_ENDPOINT, otlp);
        }
        environment.getPropertySources().addLast(new MapPropertySource("flashsaleServiceDefaults", defaults));
    }

    /**
     * Where spans go, from OpenTelemetry's standard variables: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as
     * it is, or {@code OTEL_EXPORTER_OTLP_ENDPOINT} (a collector's base URL) plus {@code /v1/traces}, as the
     * OTLP/HTTP specification has it. Neither set: no exporter at all (Boot creates one as soon as the
     * property exists, even empty), and spans stay in the process, visible as trace ids in logs and headers.
     */
    static String otlpTracesEndpoint(ConfigurableEnvironment environment) {
        String traces = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (StringUtils.hasText(traces)) {
            return traces.trim();
        }
        String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (StringUtils.hasText(base)) {
            return base.trim().replaceAll("/+$", "") + "/v1/traces";
        }
        return null;
    }
}
