package dev.flashsale.gateway.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How a token is verified; shared by the gateway's decoder and the tests that mint tokens. */
public final class Jwts {

    public static final String ROLES_CLAIM = "roles";

    private Jwts() {
    }

    /**
     * The algorithm is pinned: HS256 with {@code JWT_SECRET}, or RS256 with the keys at {@code JWT_JWK_SET_URI}. A token
     * that names any other algorithm ({@code none}, HS384, an HMAC keyed with a public key) is refused.
     */
    public static JwtDecoder decoder(JwtProperties properties) {
        return decoder(properties, Clock.systemUTC());
    }

    static JwtDecoder decoder(JwtProperties properties, Clock clock) {
        NimbusJwtDecoder decoder = properties.usesJwkSet()
                ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build()
                : NimbusJwtDecoder.withSecretKey(hmacKey(properties.secret())).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(validator(properties, clock));
        if (properties.verifiedTokenCacheSize() == 0) {
            return decoder;
        }
        return new CachingJwtDecoder(decoder, timestamps(clock), properties.verifiedTokenCacheSize(), clock);
    }

    static SecretKey hmacKey(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * Signature aside: an expiry it has not passed (a token without one is refused), a lifetime no longer than
     * {@code JWT_MAX_LIFETIME}, not before its time, the right issuer and audience where those are configured, and a
     * subject that is a user id.
     */
    private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, Clock clock) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps(clock),
                new MaxLifetime(properties.maxLifetime(), clock),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, Jwts::isUserId)));
        if (properties.checksIssuer()) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (properties.checksAudience()) {
            validators.add(new JwtAudienceValidator(properties.audience()));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** Not expired, not before its time, and an expiry there must be. */
    private static JwtTimestampValidator timestamps(Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        return timestamps;
    }

    private static boolean isUserId(String subject) {
        if (subject == null || !subject.matches("[1-9][0-9]{0,18}")) {
            return false;
        }
        try {
            return Long.parseLong(subject) > 0;
        } catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    /** A stolen token is worth only as long as it lives: one that lives longer than allowed is refused outright. */
    private record MaxLifetime(Duration max, Clock clock) implements OAuth2TokenValidator<Jwt> {

        @Override
        public OAuth2TokenValidatorResult validate(Jwt token) {
            Instant expiresAt = token.getExpiresAt();
            if (expiresAt == null) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        "the token has no expiry", null));
            }
            // From when it was issued, but never from later than now: an iat in the future must not stretch its life.
            Instant now = clock.instant();
            Instant from = token.getIssuedAt() != null && token.getIssuedAt().isBefore(now) ? token.getIssuedAt() : now;
            if (Duration.between(from, expiresAt).compareTo(max) > 0) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        "the token lives longer than " + max, null));
            }
            return OAuth2TokenValidatorResult.success();
        }
    }
}
