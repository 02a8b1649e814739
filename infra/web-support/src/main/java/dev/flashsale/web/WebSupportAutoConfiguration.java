package dev.flashsale.web;

import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Registers in every servlet web application that has this library: the shared problem+json handling, the request
 * size limit, the service's {@link Clock}, the {@link GatewayIdentity} of {@code GATEWAY_SECRET}, the caller checks of
 * a service ({@link CallerFilter}, {@link Caller} parameters, {@link PathOwnership}), and the {@code X-Trace-Id}
 * response header once tracing is configured.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        afterName = {
                "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({WebProperties.class, ZoneProperties.class})
@Import({ProblemDetailsAdvice.class, ProblemErrorController.class})
public class WebSupportAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebSupportAutoConfiguration.class);

    /**
     * The secret of the {@code local} profile when {@code GATEWAY_SECRET} is not set, the same in the gateway and every
     * service, so a developer's stack works without it. Nowhere else: outside {@code local} an application without the
     * variable does not start.
     */
    public static final String LOCAL_GATEWAY_SECRET = "local-profile-only-gateway-secret-never-use-it-anywhere-else";
    static final String LOCAL_PROFILE = "local";
    static final int MIN_SECRET_BYTES = 16;

    /** The time of the service, in {@code flashsale.zone}; a test replaces it with a clock it moves by hand. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock(ZoneProperties zone) {
        return Clock.system(zone.zone());
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(WebProperties web) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(web.maxRequestBytes().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Signs (on the gateway) and verifies (in a service) the caller a request is made for. */
    @Bean
    GatewayIdentity gatewayIdentity(WebProperties web, Environment environment) {
        return GatewayIdentity.withSecret(gatewaySecret(web, environment));
    }

    /**
     * {@code GATEWAY_SECRET}, or the local profile's own when it is not set there. Fails closed: anywhere else, an
     * application without it would either accept any caller or refuse every one.
     */
    static String gatewaySecret(WebProperties web, Environment environment) {
        String secret = web.gatewaySecret();
        if (secret == null || secret.isBlank()) {
            if (!environment.matchesProfiles(LOCAL_PROFILE)) {
                throw new IllegalStateException("GATEWAY_SECRET is not set. The api-gateway and every service need the same "
                        + "secret (at least " + MIN_SECRET_BYTES + " bytes) outside the local profile: the gateway signs "
                        + "each caller's identity with it and the services verify it.");
            }
            log.warn("GATEWAY_SECRET is not set: using the local profile's own secret, which is public");
            return LOCAL_GATEWAY_SECRET;
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("GATEWAY_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return secret;
    }

    /** A service's side: only callers the gateway vouches for. Off on the gateway itself. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "flashsale.web.require-caller", matchIfMissing = true)
    static class Callers {

        @Bean
        FilterRegistrationBean<CallerFilter> callerFilter(GatewayIdentity identity, WebProperties web, Environment environment) {
            FilterRegistrationBean<CallerFilter> registration =
                    new FilterRegistrationBean<>(new CallerFilter(identity, gatewaySecret(web, environment)));
            // Ahead of everything else but the trace id: a caller that did not come through the gateway learns nothing.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
            return registration;
        }

        @Bean
        WebMvcConfigurer callerChecks() {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new CallerArgumentResolver());
                }

                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    registry.addInterceptor(new PathOwnership());
                }
            };
        }
    }

    /**
     * A body with the same key twice ({@code {"userId": 7, "userId": 8}}) is refused as {@code VALIDATION_FAILED}
     * instead of read as its last value: whoever reads a request (a log, a proxy, a person) must see what the service
     * acted on.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapperBuilderCustomizer.class)
    static class StrictJson {

        @Bean
        JsonMapperBuilderCustomizer refuseDuplicateKeys() {
            return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Tracer.class)
    static class TraceIdHeader {

        @Bean
        FilterRegistrationBean<TraceIdResponseFilter> traceIdResponseFilter(Tracer tracer) {
            FilterRegistrationBean<TraceIdResponseFilter> registration = new FilterRegistrationBean<>(new TraceIdResponseFilter(tracer));
            // Right after the server observation (HIGHEST_PRECEDENCE + 1) opened the span, before any filter
            // that may answer on its own (the caller check, the size limit, security): they answer with it too.
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
}
