package dev.flashsale.web;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingDefaultsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class))
            .withInitializer(started -> new ServiceDefaults().postProcessEnvironment(started.getEnvironment(),
                    new SpringApplication()));

    @Test
    void everyTraceIsSampledUnlessTheDeploymentSaysOtherwise() {
        assertThat(defaults(Map.of()).getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(1.0);
        assertThat(defaults(Map.of("TRACING_SAMPLING_PROBABILITY", "0.05"))
                .getProperty("management.tracing.sampling.probability", Double.class)).isEqualTo(0.05);
    }

    @Test
    void theOtlpEndpointComesFromOpenTelemetrysOwnVariables() {
        assertThat(defaults(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"))
                .getProperty(ServiceDefaults.OTLP_TRACES_ENDPOINT)).isEqualTo("http://collector:4318/v1/traces");
        assertThat(defaults(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4318/v1/traces"))
                .getProperty(ServiceDefaults.OTLP_TRACES_ENDPOINT)).isEqualTo("http://tempo:4318/v1/traces");
        // docker-compose passes an unset variable on as an empty one.
        assertThat(defaults(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "")).containsProperty(ServiceDefaults.OTLP_TRACES_ENDPOINT))
                .isFalse();
    }

    @Test
    void spansAreExportedOnlyWhenAnEndpointIsConfigured() {
        context.run(started -> assertThat(started).hasSingleBean(Tracer.class).doesNotHaveBean(OtlpHttpSpanExporter.class));
        context.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=")
                .run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(OtlpHttpSpanExporter.class));
        context.withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318")
                .run(started -> assertThat(started).hasSingleBean(OtlpHttpSpanExporter.class));
    }

    private static StandardEnvironment defaults(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("env", variables));
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
