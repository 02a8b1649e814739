package dev.flashsale.gateway.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

/** How a token is verified; shared by the gateway's decoder and the tests that mint tokens. */
public final class Jwts {

    public static final String ROLES_CLAIM = "roles";

    private Jwts() {
    }

    public static JwtDecoder decoder(JwtProperties properties) {
        NimbusJwtDecoder decoder = properties.usesJwkSet()
                ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build()
                : NimbusJwtDecoder.withSecretKey(hmacKey(properties.secret())).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    static SecretKey hmacKey(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Signature aside: not expired, not before its time, the right issuer, and a subject that is a user id. */
    private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties) {
        OAuth2TokenValidator<Jwt> standard = properties.checksIssuer()
                ? JwtValidators.createDefaultWithIssuer(properties.issuer())
                : JwtValidators.createDefault();
        return new DelegatingOAuth2TokenValidator<>(standard,
                new JwtClaimValidator<String>(JwtClaimNames.SUB, Jwts::isUserId));
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
}
