package dev.flashsale.e2e.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HS256 tokens made by hand: the kinds the gateway must refuse, which its dev endpoint would never mint. */
public final class Tokens {

    private Tokens() {
    }

    /** A token for {@code userId} signed with {@code key}, valid from {@code issuedAt} until {@code expiresAt}. */
    public static String signed(String key, long userId, Instant issuedAt, Instant expiresAt, String... roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", Long.toString(userId));
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("roles", List.of(roles));
        String header = base64(Http.JSON.writeValueAsString(Map.of("alg", "HS256", "typ", "JWT")));
        String payload = base64(Http.JSON.writeValueAsString(claims));
        String signingInput = header + "." + payload;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
