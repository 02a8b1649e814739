package spike;

import dev.flashsale.web.Caller;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A throwaway: the gateway's balance read on Spring Cloud Gateway's reactive server, to measure against the servlet one. */
@SpringBootApplication
public class SpikeApplication {

    private static final Logger log = LoggerFactory.getLogger("spike.RequestLog");

    public static void main(String[] args) {
        SpringApplication.run(SpikeApplication.class, args);
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(a -> a.pathMatchers("/actuator/**").permitAll().anyExchange().authenticated())
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtDecoder(decoder)))
                .build();
    }

    /** As the servlet gateway's CachingJwtDecoder: a token text verified once skips parsing and signature; exp checked on use. */
    @Bean
    ReactiveJwtDecoder decoder(@Value("${JWT_SECRET}") String secret) {
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder
                .withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        nimbus.setJwtValidator(timestamps);
        ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();
        return token -> {
            Jwt known = verified.get(token);
            if (known != null && !timestamps.validate(known).hasErrors()) {
                return Mono.just(known);
            }
            return nimbus.decode(token).doOnNext(jwt -> verified.put(token, jwt));
        };
    }

    @Bean
    RouteLocator routes(RouteLocatorBuilder routes, @Value("${BALANCE_SERVICE_URL}") String balance,
                        @Value("${GATEWAY_SECRET}") String secret) {
        GatewayIdentity identity = GatewayIdentity.withSecret(secret);
        String target = balance.split(",")[0];
        return routes.routes()
                .route("balance", r -> r.path("/api/v1/users/*/balance")
                        .filters(f -> f.filter((exchange, chain) -> ReactiveSecurityContextHolder.getContext()
                                .map(context -> (Jwt) context.getAuthentication().getPrincipal())
                                .flatMap(jwt -> {
                                    String caller = identity.sign(new Caller(Long.parseLong(jwt.getSubject()), Set.of()),
                                            Instant.now().plus(Duration.ofSeconds(30)));
                                    ServerWebExchange signed = exchange.mutate()
                                            .request(request -> request.headers(h -> {
                                                h.remove(GatewayHeaders.CALLER);
                                                h.set(GatewayHeaders.CALLER, caller);
                                            })).build();
                                    return chain.filter(signed);
                                })))
                        .uri(target))
                .build();
    }

    /** The request log line the servlet gateway writes (web-support's RequestLogFilter). */
    @Bean
    @Order(-1000)
    WebFilter requestLog() {
        return (ServerWebExchange exchange, WebFilterChain chain) -> {
            if (exchange.getRequest().getPath().value().startsWith("/actuator")) {
                return chain.filter(exchange);
            }
            long started = System.nanoTime();
            return chain.filter(exchange).doFinally(signal -> log.info("{} {} {} {} ms",
                    exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
                    exchange.getResponse().getStatusCode() == null ? 0 : exchange.getResponse().getStatusCode().value(),
                    (System.nanoTime() - started) / 1_000_000));
        };
    }
}
