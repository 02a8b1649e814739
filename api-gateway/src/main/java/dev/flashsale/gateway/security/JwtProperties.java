package dev.flashsale.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How bearer tokens are checked. With a JWK set URI (production: the identity provider's public keys),
 * tokens are verified against it and the secret is ignored. Without one, tokens are HS256-signed with the
 * secret (the local stack and development). There is no built-in fallback key outside the {@code local}
 * profile: a gateway that forgot its configuration must not accept tokens anyone could sign.
 *
 * @param secret      the HMAC key, at least 32 bytes ({@code JWT_SECRET})
 * @param jwkSetUri   the identity provider's JWK set ({@code JWT_JWK_SET_URI}); wins when set
 * @param issuer      when set, a token's {@code iss} must equal it (and local tokens carry it)
 * @param audience    when set, a token's {@code aud} must contain it (local tokens carry it, or {@value #DEV_AUDIENCE})
 * @param maxLifetime the longest a token may be valid, from its {@code iat} (or from now, without one) to its
 *                    {@code exp}: a token that is good for ever, or for a year, is refused
 * @param devTokenTtl how long a token from {@code POST /api/v1/dev/tokens} lives (local profile only)
 * @param verifiedTokenCacheSize how many verified tokens are remembered, so a client's next request with the same
 *                    token skips the signature check and the parsing (its expiry is still checked); 0 turns it off
 */
@ConfigurationProperties("flashsale.gateway.jwt")
public record JwtProperties(@DefaultValue("") String secret,
                            @DefaultValue("") String jwkSetUri,
                            @DefaultValue("") String issuer,
                            @DefaultValue("") String audience,
                            @DefaultValue("12h") Duration maxLifetime,
                            @DefaultValue("12h") Duration devTokenTtl,
                            @DefaultValue("10000") long verifiedTokenCacheSize) {

    /** The audience of local tokens when none is configured. */
    public static final String DEV_AUDIENCE = "flashsale-api";

    /** HS256 needs a key of at least 256 bits. */
    static final int MIN_SECRET_BYTES = 32;

    public JwtProperties {
        if (verifiedTokenCacheSize < 0) {
            throw new IllegalArgumentException("flashsale.gateway.jwt.verified-token-cache-size must not be negative");
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("JWT_MAX_LIFETIME must be positive, was " + maxLifetime);
        }
        if (devTokenTtl.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException("local tokens would live " + devTokenTtl + ", longer than JWT_MAX_LIFETIME ("
                    + maxLifetime + ") allows");
        }
        if (!StringUtils.hasText(jwkSetUri)) {
            if (!StringUtils.hasText(secret)) {
                throw new IllegalArgumentException("No way to check tokens: set JWT_JWK_SET_URI (production) "
                        + "or JWT_SECRET (an HMAC key of at least " + MIN_SECRET_BYTES + " bytes)");
            }
            if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long");
            }
        }
    }

    public boolean usesJwkSet() {
        return StringUtils.hasText(jwkSetUri);
    }

    public boolean checksIssuer() {
        return StringUtils.hasText(issuer);
    }

    public boolean checksAudience() {
        return StringUtils.hasText(audience);
    }
}
