package dev.flashsale.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the tokens it has verified: a client sends the same token with every request for hours, and parsing it,
 * checking its signature and converting its claims was a tenth of the gateway's work per request (profile in
 * docs/services/api-gateway.md). A token is found by its whole text, signature included, so only the exact token
 * that passed every check is ever found; its time checks ({@code exp}, {@code nbf}) run again on every use, so it is
 * refused the moment it expires, as an uncached one would be. A token that failed is not remembered.
 *
 * <p>Bounded in size (the least used go first) and each entry dropped when its token expires. Keys of a JWK set that
 * rotate do not matter here: a token verified once stays verified, as its signature does not change.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> timestamps;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(JwtDecoder decoder, OAuth2TokenValidator<Jwt> timestamps, long maximumSize, Clock clock) {
        this.decoder = decoder;
        this.timestamps = timestamps;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpiry(jwt, clock)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = decoder.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult stillValid = timestamps.validate(known);
        if (stillValid.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException(stillValid.getErrors().iterator().next().getDescription(), stillValid.getErrors());
        }
        return known;
    }

    private static Duration untilExpiry(Jwt jwt, Clock clock) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            // The decoder refuses a token without an expiry; should one ever pass, it is not kept.
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
