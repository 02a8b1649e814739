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
    private final JwtProperties properties = new JwtProperties(SECRET, "", "", Duration.ofHours(12));
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
        JwtProperties withIssuer = new JwtProperties(SECRET, "", "https://login.flashsale.dev", Duration.ofHours(1));
        JwtDecoder strict = Jwts.decoder(withIssuer);

        assertThat(strict.decode(new DevTokens(withIssuer, Clock.systemUTC()).mint(7, List.of())).getSubject()).isEqualTo("7");
        String unissued = new DevTokens(properties, Clock.systemUTC()).mint(7, List.of());
        assertThatThrownBy(() -> strict.decode(unissued)).isInstanceOf(JwtException.class);
    }

    @Test
    void theGatewayRefusesToStartWithoutAWayToCheckTokens() {
        assertThatThrownBy(() -> new JwtProperties("", "", "", Duration.ofHours(1)))
                .hasMessageContaining("JWT_JWK_SET_URI").hasMessageContaining("JWT_SECRET");
        assertThatThrownBy(() -> new JwtProperties("too-short", "", "", Duration.ofHours(1)))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void aJwkSetUriWinsAndThenNoLocalTokensCanBeMinted() {
        JwtProperties production = new JwtProperties("", "https://login.flashsale.dev/.well-known/jwks.json", "", Duration.ofHours(1));

        assertThat(production.usesJwkSet()).isTrue();
        assertThat(Jwts.decoder(production)).isNotNull();
        assertThatThrownBy(() -> new DevTokens(production, Clock.systemUTC())).isInstanceOf(IllegalStateException.class);
    }

    private static String encode(String secret, JwtClaimsSet claims) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(Jwts.hmacKey(secret)));
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }
}
