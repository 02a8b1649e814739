package dev.flashsale.standin;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for balance-service behind the gateway in a benchmark: a Spring Boot servlet application made of the
 * same parts every service has (Tomcat, Spring MVC, web-support's filters, problem+json, tracing with the request
 * log line and {@code X-Trace-Id}, validation, metrics), answering {@code GET /api/v1/users/{userId}/balance} with
 * balance-service's JSON. The one part missing is the database read: balances are held in memory. The stand-in
 * therefore costs less per request than the real service, and a gateway measured against it looks worse, not
 * better, than in front of balance-service.
 *
 * <p>It runs in the test's JVM beside the gateway, whose classpath it shares, in a package of its own so the
 * gateway's component scan does not find it; the gateway's own auto-configurations
 * (security, the proxy, the API document) are left out, since a service has none of them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.cloud.gateway.server.mvc.GatewayServerMvcAutoConfiguration",
        "org.springframework.cloud.gateway.server.mvc.filter.FilterAutoConfiguration",
        "org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionAutoConfiguration",
        "org.springframework.cloud.gateway.server.mvc.handler.GatewayMultipartAutoConfiguration",
        "org.springframework.cloud.gateway.server.mvc.predicate.PredicateAutoConfiguration",
        "org.springframework.cloud.gateway.server.mvc.config.DefaultFunctionConfiguration",
        "org.springdoc.core.configuration.SpringDocConfiguration",
        "org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration",
        "org.springdoc.webmvc.core.configuration.MultipleOpenApiSupportConfiguration"})
@Import(BalanceStandIn.Balances.class)
public class BalanceStandIn {

    /** Starts the stand-in on a free port with these extra properties; close the context to stop it. */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(BalanceStandIn.class)
                .properties(Map.of("spring.application.name", "balance-standin", "server.port", "0",
                        "spring.config.name", "balance-standin"))
                .run(arguments(properties));
    }

    /** As command-line arguments, which win over every configuration file of the classpath. */
    public static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
    }

    public static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @RestController
    static class Balances {

        private final Map<Long, Long> balances = new ConcurrentHashMap<>();

        /** Like balance-service: an existing user without a balance row gets one with 0. */
        @GetMapping("/api/v1/users/{userId}/balance")
        BalanceView balance(@PathVariable @Positive long userId) {
            return new BalanceView(userId, balances.computeIfAbsent(userId, id -> 0L));
        }
    }

    record BalanceView(long userId, long balance) {
    }
}
