package dev.flashsale.gateway.routing;

import dev.flashsale.gateway.resilience.CallerRateLimiters;
import dev.flashsale.gateway.resilience.CircuitBreakerFilter;
import dev.flashsale.gateway.resilience.RateLimitFilter;
import dev.flashsale.web.GatewayIdentity;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;

/**
 * The routes: {@code /api/v1/**} to the service that owns the path (see {@link DownstreamService}), to its
 * instances in turn ({@link Replicas}).
 * Each routed request passes, in this order: the rate limit, the circuit breaker and the time limit, then the proxy,
 * which sends the signed caller identity ({@link IdentityHeadersFilter}). Who may act for whom beyond the path's user id is the services' to check
 * (they hold the data): see {@code dev.flashsale.web.PathOwnership}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    /** As many as Tomcat has request threads: each waits on at most one service at a time. */
    private static final int MAX_CONNECTIONS_PER_SERVICE = 200;

    /** A killed instance is passed over for this long after it refused a connection, then tried again. */
    private static final Duration PASS_OVER = Duration.ofSeconds(5);

    @Bean
    ServiceReplicas serviceReplicas(RoutingProperties routing) {
        Map<DownstreamService, Replicas> replicas = new EnumMap<>(DownstreamService.class);
        for (DownstreamService service : DownstreamService.values()) {
            replicas.put(service, new Replicas(routing.service(service).url(), PASS_OVER));
        }
        return new ServiceReplicas(replicas);
    }

    /** Every service's instances, in turn. */
    record ServiceReplicas(Map<DownstreamService, Replicas> byService) {
    }

    @Bean
    RouterFunction<ServerResponse> serviceRoutes(ServiceReplicas replicas, RoutingProperties routing,
                                                 CircuitBreakerRegistry breakers, CallerRateLimiters rateLimiters,
                                                 MeterRegistry meters) {
        return Arrays.stream(DownstreamService.values())
                .map(service -> GatewayRouterFunctions.route(service.key())
                        .route(pathsOf(service), HandlerFunctions.http())
                        .before(request -> uri(replicas.byService().get(service).next()).apply(request))
                        .filter(new RateLimitFilter(rateLimiters, service.key(), meters))
                        .filter(new CircuitBreakerFilter(breakers.circuitBreaker(service.key()), service.displayName()))
                        .filter(new TimeLimitFilter(service, routing))
                        .build())
                .reduce(RouterFunction::and)
                .orElseThrow();
    }

    /** The signed caller on every proxied request (see {@link IdentityHeadersFilter}). */
    @Bean
    IdentityHeadersFilter identityHeadersFilter(RoutingProperties routing, GatewayIdentity gatewayIdentity) {
        // The machine's clock, not a business clock: the services check the expiry against theirs.
        return new IdentityHeadersFilter(gatewayIdentity, routing.callerTtl(), Clock.systemUTC());
    }

    @Bean
    CallerRateLimiters callerRateLimiters(RateLimiterRegistry registry) {
        return new CallerRateLimiters(registry);
    }

    /**
     * One connection pool for all services. The client passes answers on as they are: it follows no
     * redirect (that is the client's to see), decompresses nothing, keeps no cookies, and never retries
     * (a retried order submission is the caller's decision, with its Idempotency-Key). A pooled connection
     * idle for a while is checked before reuse, so a service that closed it does not cost a 503.
     */
    @Bean(destroyMethod = "close")
    CloseableHttpClient serviceHttpClient(RoutingProperties routing) {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS_PER_SERVICE * DownstreamService.values().length)
                .setMaxConnPerRoute(MAX_CONNECTIONS_PER_SERVICE)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(routing.connectTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @Bean
    ProxyExchange timeLimitedProxyExchange(RoutingProperties routing, ServiceReplicas replicas, CloseableHttpClient httpClient,
                                           RestClient.Builder restClients, GatewayMvcProperties gatewayProperties) {
        Duration longest = routing.services().values().stream()
                .map(RoutingProperties.Downstream::timeLimit)
                .max(Duration::compareTo)
                .orElseThrow();
        return new ReplicaFailoverExchange(new TimeLimitedProxyExchange(httpClient, restClients, gatewayProperties, longest),
                replicas.byService().values());
    }

    private static RequestPredicate pathsOf(DownstreamService service) {
        return service.pathPatterns().stream()
                .map(RequestPredicates::path)
                .reduce(RequestPredicate::or)
                .orElseThrow();
    }
}
