package dev.flashsale.gateway.support;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.flashsale.gateway.security.DevTokens;
import dev.flashsale.gateway.security.JwtProperties;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Tokens as the gateway under test expects them, and some it must refuse. */
public final class TestTokens {

    /** The key {@code @GatewayIntegrationTest} configures the gateway with. */
    public static final String SECRET = "test-only-hmac-key-for-the-api-gateway-tests-0123456789";

    private static final JwtProperties PROPERTIES =
            new JwtProperties(SECRET, "", "", "", Duration.ofHours(12), Duration.ofHours(1), 10_000);
    private static final DevTokens TOKENS = new DevTokens(PROPERTIES, Clock.systemUTC());
    /** Tests share the gateway's rate limiters, so each test acts as users of its own. */
    private static final AtomicLong USERS = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000));

    private TestTokens() {
    }

    public static long newUserId() {
        return USERS.incrementAndGet();
    }

    public static String user(long userId) {
        return "Bearer " + TOKENS.mint(userId, List.of());
    }

    public static String admin(long userId) {
        return "Bearer " + TOKENS.mint(userId, List.of("admin"));
    }

    /** Signed correctly, but it expired two hours ago. */
    public static String expired(long userId) {
        Clock threeHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC);
        return "Bearer " + new DevTokens(PROPERTIES, threeHoursAgo).mint(userId, List.of());
    }

    /** Signed correctly, but good for ever: no {@code exp}. */
    public static String withoutExpiry(long userId) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(
                new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(Long.toString(userId)).issuedAt(Instant.now()).build();
        return "Bearer " + encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    /** Well-formed and unexpired, signed with a key the gateway does not know. */
    public static String signedWithAnotherKey(long userId) {
        JwtProperties other = new JwtProperties("another-key-that-the-gateway-has-never-seen-0123456789", "", "", "",
                Duration.ofHours(12), Duration.ofHours(1), 10_000);
        return "Bearer " + new DevTokens(other, Clock.systemUTC()).mint(userId, List.of("admin"));
    }
}
