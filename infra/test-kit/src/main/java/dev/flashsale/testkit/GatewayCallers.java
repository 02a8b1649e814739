package dev.flashsale.testkit;

import dev.flashsale.web.Caller;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A service's tests call it as the api-gateway would: with a caller identity signed with the gateway secret
 * ({@link GatewayIdentity}). A service's integration test annotation sets {@code GATEWAY_SECRET} to {@link #SECRET} and
 * imports {@link AdminByDefault}, so every {@code RestTestClient} request acts as an admin unless the test sends a
 * {@link GatewayHeaders#CALLER} of its own; other HTTP clients add {@link #HEADER} with {@link #admin()},
 * {@link #user(long)} or {@link #anonymous()} themselves.
 *
 * <pre>
 * &#64;SpringBootTest(webEnvironment = RANDOM_PORT, properties = GatewayCallers.SECRET_PROPERTY)
 * &#64;Import(GatewayCallers.AdminByDefault.class)
 * </pre>
 */
public final class GatewayCallers {

    public static final String SECRET = "test-kit-gateway-secret-for-the-services-own-tests";
    /** For a test's {@code @SpringBootTest(properties = ...)}. */
    public static final String SECRET_PROPERTY = "GATEWAY_SECRET=" + SECRET;
    public static final String HEADER = GatewayHeaders.CALLER;
    /** Long enough for any test run; a real gateway signs for seconds. */
    private static final Duration VALIDITY = Duration.ofHours(2);
    private static final long ADMIN_USER_ID = 1;
    private static final GatewayIdentity IDENTITY = GatewayIdentity.withSecret(SECRET);

    private GatewayCallers() {
    }

    /** An admin (user 1): may act for anyone and open the admin paths. */
    public static String admin() {
        return IDENTITY.sign(new Caller(ADMIN_USER_ID, Set.of(Caller.ADMIN)), expiry());
    }

    /** A plain user, who may act only for themselves. */
    public static String user(long userId) {
        return IDENTITY.sign(new Caller(userId, Set.of()), expiry());
    }

    /** A request without a token that came through the gateway: a public read. */
    public static String anonymous() {
        return IDENTITY.sign(null, expiry());
    }

    private static Instant expiry() {
        return Instant.now().plus(VALIDITY);
    }

    /** Every {@code RestTestClient} request is an admin's, unless it names its own caller. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class AdminByDefault {

        @Bean
        RestTestClientBuilderCustomizer actAsAnAdminUnlessToldOtherwise() {
            return builder -> builder.requestInterceptor((request, body, execution) -> {
                if (!request.getHeaders().containsHeader(HEADER)) {
                    request.getHeaders().set(HEADER, admin());
                }
                return execution.execute(request, body);
            });
        }
    }
}
