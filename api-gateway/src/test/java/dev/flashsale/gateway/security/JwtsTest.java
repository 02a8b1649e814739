package dev.flashsale.gateway.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtsTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-for-hs256";
    private final JwtProperties properties = new JwtProperties(SECRET, "", "", "", Duration.ofHours(12), Duration.ofHours(12), 10_000);
    private final JwtDecoder decoder = Jwts.decoder(properties);

    @Test
    void aLocalTokenCarriesTheUserAndRolesAndIsAcceptedByTheGateway() {
        String token = new DevTokens(properties, Clock.systemUTC()).mint(7, List.of("admin"));

        Jwt jwt = decoder.decode(token);

        assertThat(jwt.getSubject()).isEqualTo("7");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("admin");
        assertThat(jwt.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(11)));
    }

    @Test
    void aLocalTokenCarriesAnExpiryAndAnAudience() {
        Jwt jwt = decoder.decode(new DevTokens(properties, Clock.systemUTC()).mint(7, List.of()));

        assertThat(jwt.getExpiresAt()).isNotNull();
        assertThat(jwt.getAudience()).containsExactly(JwtProperties.DEV_AUDIENCE);
    }

    @Test
    void aTokenWithoutAnExpiryIsRefused() {
        String forever = encode(SECRET, JwtClaimsSet.builder().subject("7").issuedAt(Instant.now()).build());

        assertThatThrownBy(() -> decoder.decode(forever)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenThatLivesLongerThanTheMaximumIsRefused() {
        Instant now = Instant.now();
        String thirteenHours = encode(SECRET, JwtClaimsSet.builder().subject("7").issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(13))).build());
        String aYearWithoutIssuedAt = encode(SECRET, JwtClaimsSet.builder().subject("7")
                .expiresAt(now.plus(Duration.ofDays(365))).build());
        String issuedInTheFuture = encode(SECRET, JwtClaimsSet.builder().subject("7").issuedAt(now.plus(Duration.ofDays(364)))
                .expiresAt(now.plus(Duration.ofDays(365))).build());
        String elevenHours = encode(SECRET, JwtClaimsSet.builder().subject("7").issuedAt(now.minus(Duration.ofHours(1)))
                .expiresAt(now.plus(Duration.ofHours(10))).build());

        for (String tooLong : List.of(thirteenHours, aYearWithoutIssuedAt, issuedInTheFuture)) {
            assertThatThrownBy(() -> decoder.decode(tooLong)).isInstanceOf(JwtException.class).hasMessageContaining("lives longer");
        }
        assertThat(decoder.decode(elevenHours).getSubject()).isEqualTo("7");
    }

    @Test
    void withAnAudienceConfiguredOnlyTokensForItAreAccepted() {
        JwtProperties withAudience = new JwtProperties(SECRET, "", "", "flashsale-shop", Duration.ofHours(12),
                Duration.ofHours(1), 10_000);
        JwtDecoder strict = Jwts.decoder(withAudience);
        Instant now = Instant.now();

        assertThat(strict.decode(new DevTokens(withAudience, Clock.systemUTC()).mint(7, List.of())).getAudience())
                .containsExactly("flashsale-shop");
        String noAudience = encode(SECRET, JwtClaimsSet.builder().subject("7").issuedAt(now).expiresAt(now.plusSeconds(60)).build());
        String anotherAudience = encode(SECRET, JwtClaimsSet.builder().subject("7").audience(List.of("another-api"))
                .issuedAt(now).expiresAt(now.plusSeconds(60)).build());
        assertThatThrownBy(() -> strict.decode(noAudience)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> strict.decode(anotherAudience)).isInstanceOf(JwtException.class);
        assertThat(decoder.decode(anotherAudience).getSubject()).as("without a configured audience it is not checked").isEqualTo("7");
    }

    @Test
    void theAlgorithmIsPinnedToHs256() {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().subject("7").issuedAt(now).expiresAt(now.plusSeconds(60)).build();
        String hs384 = new NimbusJwtEncoder(new ImmutableSecret<>(new javax.crypto.spec.SecretKeySpec(
                (SECRET + SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA384")))
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS384).build(), claims)).getTokenValue();
        String unsigned = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + hs384.split("\\.")[1] + ".";

        assertThatThrownBy(() -> Jwts.decoder(new JwtProperties(SECRET + SECRET, "", "", "", Duration.ofHours(12),
                Duration.ofHours(1), 10_000)).decode(hs384)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(unsigned)).isInstanceOf(JwtException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        String token = new DevTokens(properties, yesterday).mint(7, List.of());

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aTokenWhoseSubjectIsNotAUserIdIsRefused() {
        for (String subject : List.of("kim", "0", "-7", "99999999999999999999")) {
            String token = encode(SECRET, JwtClaimsSet.builder().subject(subject)
                    .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build());
            assertThatThrownBy(() -> decoder.decode(token)).as(subject).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String token = encode("another-secret-of-at-least-thirty-two-bytes!!", JwtClaimsSet.builder().subject("7")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build());

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void withAnIssuerConfiguredOnlyTokensFromItAreAccepted() {
        JwtProperties withIssuer = new JwtProperties(SECRET, "", "https://login.flashsale.dev", "", Duration.ofHours(12),
                Duration.ofHours(1), 10_000);
        JwtDecoder strict = Jwts.decoder(withIssuer);

        assertThat(strict.decode(new DevTokens(withIssuer, Clock.systemUTC()).mint(7, List.of())).getSubject()).isEqualTo("7");
        String unissued = new DevTokens(properties, Clock.systemUTC()).mint(7, List.of());
        assertThatThrownBy(() -> strict.decode(unissued)).isInstanceOf(JwtException.class);
    }

    @Test
    void localTokensMayNotOutliveTheMaximumLifetime() {
        assertThatThrownBy(() -> new JwtProperties(SECRET, "", "", "", Duration.ofHours(1), Duration.ofHours(12), 10_000))
                .hasMessageContaining("JWT_MAX_LIFETIME");
    }

    @Test
    void theGatewayRefusesToStartWithoutAWayToCheckTokens() {
        assertThatThrownBy(() -> new JwtProperties("", "", "", "", Duration.ofHours(12), Duration.ofHours(1), 10_000))
                .hasMessageContaining("JWT_JWK_SET_URI").hasMessageContaining("JWT_SECRET");
        assertThatThrownBy(() -> new JwtProperties("too-short", "", "", "", Duration.ofHours(12), Duration.ofHours(1), 10_000))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void aJwkSetUriWinsAndThenNoLocalTokensCanBeMinted() {
        JwtProperties production = new JwtProperties("", "https://login.flashsale.dev/.well-known/jwks.json", "", "",
                Duration.ofHours(12), Duration.ofHours(1), 10_000);

        assertThat(production.usesJwkSet()).isTrue();
        assertThat(Jwts.decoder(production)).isNotNull();
        assertThatThrownBy(() -> new DevTokens(production, Clock.systemUTC())).isInstanceOf(IllegalStateException.class);
    }

    private static String encode(String secret, JwtClaimsSet claims) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(Jwts.hmacKey(secret)));
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }
}
