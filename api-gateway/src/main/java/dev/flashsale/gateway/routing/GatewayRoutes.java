package dev.flashsale.gateway.routing;

import dev.flashsale.gateway.resilience.CallerRateLimiters;
import dev.flashsale.gateway.resilience.CircuitBreakerFilter;
import dev.flashsale.gateway.resilience.RateLimitFilter;
import dev.flashsale.gateway.security.OwnershipFilter;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;

/**
 * The routes: {@code /api/v1/**} to the service that owns the path (see {@link DownstreamService}).
 * Each routed request passes, in this order: the rate limit, the ownership checks, the identity headers,
 * the circuit breaker and the time limit, then the proxy.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);

    @Bean
    RouterFunction<ServerResponse> serviceRoutes(RoutingProperties routing, CircuitBreakerRegistry breakers,
                                                 CallerRateLimiters rateLimiters, MeterRegistry meters,
                                                 @Value("${flashsale.web.max-request-bytes:65536}") long maxBodyBytes) {
        if (!StringUtils.hasText(routing.downstreamSecret())) {
            log.warn("GATEWAY_SECRET is not set: services cannot tell requests through the gateway from direct calls");
        }
        OwnershipFilter ownership = new OwnershipFilter(maxBodyBytes);
        IdentityHeadersFilter identity = new IdentityHeadersFilter(routing.downstreamSecret());
        return Arrays.stream(DownstreamService.values())
                .map(service -> GatewayRouterFunctions.route(service.key())
                        .route(pathsOf(service), HandlerFunctions.http())
                        .before(uri(routing.service(service).url()))
                        .filter(new RateLimitFilter(rateLimiters, service.key(), meters))
                        .filter(ownership)
                        .filter(identity)
                        .filter(new CircuitBreakerFilter(breakers.circuitBreaker(service.key()), service.displayName()))
                        .filter(new TimeLimitFilter(service, routing))
                        .build())
                .reduce(RouterFunction::and)
                .orElseThrow();
    }

    @Bean
    CallerRateLimiters callerRateLimiters(RateLimiterRegistry registry) {
        return new CallerRateLimiters(registry);
    }

    /**
     * One connection pool for all services. HTTP/1.1, because the JDK client would otherwise offer every
     * plain-HTTP request an h2c upgrade; and never following redirects: a redirect is the client's to see.
     */
    @Bean
    ProxyExchange timeLimitedProxyExchange(RoutingProperties routing, RestClient.Builder restClients,
                                           GatewayMvcProperties gatewayProperties) {
        HttpClient httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(routing.connectTimeout())
                .build();
        Duration longest = routing.services().values().stream()
                .map(RoutingProperties.Downstream::timeLimit)
                .max(Duration::compareTo)
                .orElseThrow();
        return new TimeLimitedProxyExchange(httpClient, restClients, gatewayProperties, longest);
    }

    private static RequestPredicate pathsOf(DownstreamService service) {
        return service.pathPatterns().stream()
                .map(RequestPredicates::path)
                .reduce(RequestPredicate::or)
                .orElseThrow();
    }
}
