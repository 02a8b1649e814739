package dev.flashsale.gateway.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Mints HS256 tokens with the gateway's own secret, exactly as the gateway verifies them. Behind
 * {@code POST /api/v1/dev/tokens} in the {@code local} profile only; tests use it too.
 */
public final class DevTokens {

    private final JwtEncoder encoder;
    private final JwtProperties properties;
    private final Clock clock;

    public DevTokens(JwtProperties properties, Clock clock) {
        if (properties.usesJwkSet()) {
            throw new IllegalStateException("Tokens from JWT_JWK_SET_URI's identity provider cannot be minted here; "
                    + "unset JWT_JWK_SET_URI to use local HMAC tokens");
        }
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(Jwts.hmacKey(properties.secret())));
        this.properties = properties;
        this.clock = clock;
    }

    public String mint(long userId, Collection<String> roles) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(Long.toString(userId))
                .claim(Jwts.ROLES_CLAIM, List.copyOf(roles))
                .issuedAt(now)
                .expiresAt(now.plus(properties.devTokenTtl()))
                .audience(List.of(properties.checksAudience() ? properties.audience() : JwtProperties.DEV_AUDIENCE));
        if (properties.checksIssuer()) {
            claims.issuer(properties.issuer());
        }
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
}
