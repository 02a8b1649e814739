package dev.flashsale.web;

import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import java.time.Clock;
import java.time.ZoneId;

/**
 * Registers the shared problem+json handling in every servlet web application that has this library, and
 * the {@code X-Trace-Id} response header once tracing is configured.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        afterName = {
                "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({ProblemDetailsAdvice.class, ProblemErrorController.class})
public class WebSupportAutoConfiguration {

    static final String GATEWAY_SECRET = "flashsale.web.gateway-secret";

    /** The time of the service; a test replaces it with a clock it moves by hand. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock(@Value("${flashsale.zone:Asia/Seoul}") ZoneId zone) {
        return Clock.system(zone);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
            @Value("${flashsale.web.max-request-bytes:65536}") long maxBytes) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(maxBytes));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Only with a secret configured: a service's own tests call it directly, without one. */
    @Bean
    @Conditional(GatewaySecretConfigured.class)
    FilterRegistrationBean<GatewayTrustFilter> gatewayTrustFilter(@Value("${" + GATEWAY_SECRET + "}") String secret) {
        FilterRegistrationBean<GatewayTrustFilter> registration = new FilterRegistrationBean<>(new GatewayTrustFilter(secret));
        // Ahead of everything else: a caller that did not come through the gateway learns nothing.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Tracer.class)
    static class TraceIdHeader {

        @Bean
        FilterRegistrationBean<TraceIdResponseFilter> traceIdResponseFilter(Tracer tracer) {
            FilterRegistrationBean<TraceIdResponseFilter> registration = new FilterRegistrationBean<>(new TraceIdResponseFilter(tracer));
            // Right after the server observation (HIGHEST_PRECEDENCE + 1) opened the span, before any filter
            // that may answer on its own (the gateway secret, the size limit, security): they answer with it too.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
            return registration;
        }

        /** Inside the request's span, so each line carries its trace id. */
        @Bean
        FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
            FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(new RequestLogFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
            return registration;
        }
    }

    static final class GatewaySecretConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty(GATEWAY_SECRET));
        }
    }
}
