package dev.flashsale.gateway.security;

import dev.flashsale.web.Caller;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.time.Clock;

/**
 * Who may call what. Every request needs a valid bearer token except probes and metrics, the API
 * documentation, the public catalogue reads (products, popular products, a coupon's definition) and the
 * local profile's token endpoint. {@code /api/v1/admin/**} needs the {@code admin} role, and
 * {@code /api/v1/users/{userId}/**} belongs to that user (or an admin). Ids named inside a request body
 * and the owner of an order are checked on the route, by {@link OwnershipFilter}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String ADMIN = Caller.ADMIN;

    @Bean
    SecurityFilterChain gatewaySecurity(HttpSecurity http, JwtDecoder jwtDecoder) throws Exception {
        ProblemSecurityHandlers.Unauthorized unauthorized = new ProblemSecurityHandlers.Unauthorized();
        ProblemSecurityHandlers.Forbidden forbidden = new ProblemSecurityHandlers.Forbidden();
        http
                // Bearer tokens only: no cookies, no sessions, so nothing for CSRF to ride on.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // Absent outside the local profile: anyone gets the same 404 there.
                        .requestMatchers(HttpMethod.POST, "/api/v1/dev/tokens").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/products/**", "/api/v1/coupons/*").permitAll()
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/users/{userId}/**").access(ownUserIdOrAdmin())
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(jwtAuthenticationConverter()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden));
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return Jwts.decoder(properties);
    }

    /**
     * No observation around each security filter and the authorization decision. Turning the
     * {@code spring.security} observations off by property still wrapped every filter of every request in a
     * decorator that created (and discarded) an observation per filter: about 4 % of the gateway's CPU in the
     * benchmark's profile. The request's own observation (metrics, the trace) stays.
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's strict firewall as it is, but for how it checks header names and values: the same rule
     * (every character assigned, none a control character but a tab in a value) as a loop instead of a regular
     * expression matched on every header the proxy copies, which was 2 to 3 % of the gateway's CPU.
     */
    @Bean
    WebSecurityCustomizer strictFirewallWithFastHeaderChecks() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(value -> allAssignedAndNotControl(value, false));
        firewall.setAllowedHeaderValues(value -> allAssignedAndNotControl(value, true));
        return web -> web.httpFirewall(firewall);
    }

    static boolean allAssignedAndNotControl(String value, boolean tabAllowed) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (!Character.isDefined(codePoint) || (Character.isISOControl(codePoint) && !(tabAllowed && codePoint == '\t'))) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemSecurityHandlers.Rejected();
    }

    /**
     * Tomcat refuses an encoded {@code /} itself, with an HTML page of its own, before Spring sees the request;
     * passed through, the firewall refuses it like any other suspicious URL, with a problem.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashesToTheFirewall() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }

    @Bean
    @Profile("local")
    DevTokens devTokens(JwtProperties properties, Clock clock) {
        return new DevTokens(properties, clock);
    }

    private static AuthorizationManager<RequestAuthorizationContext> ownUserIdOrAdmin() {
        return (authentication, context) -> new AuthorizationDecision(Callers.of(authentication.get())
                .map(caller -> caller.mayActFor(context.getVariables().get("userId")))
                .orElse(false));
    }

    /** {@code sub} is the user id; each entry of {@code roles} becomes {@code ROLE_<role>}. */
    private static JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(Jwts.ROLES_CLAIM);
        roles.setAuthorityPrefix(Callers.ROLE_PREFIX);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        converter.setPrincipalClaimName(JwtClaimNames.SUB);
        return converter;
    }
}
