package dev.flashsale.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The caller's identity as the api-gateway relays it to a service: who (a user id and roles, or nobody on a public
 * read) and until when, signed with a key derived from {@code GATEWAY_SECRET}. Only the gateway and the services
 * hold that secret, so a service that verifies the signature knows the request came through the gateway and whose
 * token it carried. The secret itself never travels.
 *
 * <pre>
 * X-Caller: v1;u=7;r=admin;e=1765000030;s=3q2-7w...   (u and r empty for an anonymous request)
 * </pre>
 *
 * {@code e} is the expiry in Unix seconds, a few seconds after the gateway signed it: a copied header is worthless
 * soon after. {@code s} is HMAC-SHA256 (base64url, no padding) of everything before {@code ;s=}. Checked against
 * the wall clock of the machine, not a service's business {@link Clock} bean (tests move that one by years).
 */
public final class GatewayIdentity {

    static final String VERSION = "v1";
    /** The signing key is derived from the secret, so a leaked signature tells nothing about the secret itself. */
    private static final byte[] KEY_LABEL = "flashsale gateway caller identity v1".getBytes(StandardCharsets.UTF_8);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_LENGTH = 512;
    private static final int SIGNATURE_BYTES = 32;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

    private final Mac prototype;
    private final Clock clock;

    private GatewayIdentity(byte[] key, Clock clock) {
        this.prototype = mac(key);
        this.clock = clock;
    }

    public static GatewayIdentity withSecret(String secret) {
        return withSecret(secret, Clock.systemUTC());
    }

    public static GatewayIdentity withSecret(String secret, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the gateway secret must not be blank");
        }
        byte[] key = mac(secret.getBytes(StandardCharsets.UTF_8)).doFinal(KEY_LABEL);
        return new GatewayIdentity(key, clock);
    }

    /**
     * The header value that tells a service who calls ({@code null}: nobody, a public read) until {@code expiresAt}.
     * Roles that could not be written unambiguously (anything but letters, digits, {@code _} and {@code -}) are left
     * out: no service knows such a role.
     */
    public String sign(Caller caller, Instant expiresAt) {
        StringBuilder value = new StringBuilder(96).append(VERSION).append(";u=");
        if (caller != null) {
            value.append(caller.userId());
        }
        value.append(";r=").append(String.join(",", writable(caller == null ? Set.of() : caller.roles())));
        value.append(";e=").append(expiresAt.getEpochSecond());
        String signed = value.toString();
        return value.append(";s=").append(Base64.getUrlEncoder().withoutPadding().encodeToString(signature(signed))).toString();
    }

    /**
     * The caller a header names: empty for an anonymous request that came through the gateway.
     *
     * @throws Invalid when the header is missing, malformed, signed with another key or expired
     */
    public Optional<Caller> verify(String header) {
        if (header == null || header.isEmpty()) {
            throw new Invalid("no " + GatewayHeaders.CALLER + " header");
        }
        if (header.length() > MAX_LENGTH) {
            throw new Invalid("too long");
        }
        int signatureAt = header.lastIndexOf(";s=");
        if (signatureAt < 0) {
            throw new Invalid("not signed");
        }
        String signed = header.substring(0, signatureAt);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(header.substring(signatureAt + 3));
        } catch (IllegalArgumentException e) {
            throw new Invalid("not signed");
        }
        // MessageDigest.isEqual takes the same time wherever the first difference is.
        if (presented.length != SIGNATURE_BYTES || !MessageDigest.isEqual(presented, signature(signed))) {
            throw new Invalid("signature does not match");
        }
        String[] fields = signed.split(";", -1);
        if (fields.length != 4 || !VERSION.equals(fields[0]) || !fields[1].startsWith("u=") || !fields[2].startsWith("r=")
                || !fields[3].startsWith("e=")) {
            throw new Invalid("malformed");
        }
        String expiry = fields[3].substring(2);
        if (!SECONDS.matcher(expiry).matches()) {
            throw new Invalid("malformed");
        }
        if (clock.instant().getEpochSecond() > Long.parseLong(expiry)) {
            throw new Invalid("expired");
        }
        String userId = fields[1].substring(2);
        Set<String> roles = roles(fields[2].substring(2));
        if (userId.isEmpty()) {
            if (!roles.isEmpty()) {
                throw new Invalid("malformed");
            }
            return Optional.empty();
        }
        if (!USER_ID.matcher(userId).matches()) {
            throw new Invalid("malformed");
        }
        try {
            return Optional.of(new Caller(Long.parseLong(userId), roles));
        } catch (NumberFormatException tooLarge) {
            throw new Invalid("malformed");
        }
    }

    private static Set<String> roles(String field) {
        if (field.isEmpty()) {
            return Set.of();
        }
        String[] roles = field.split(",", -1);
        if (!Arrays.stream(roles).allMatch(role -> ROLE.matcher(role).matches())) {
            throw new Invalid("malformed");
        }
        return Set.copyOf(Arrays.asList(roles));
    }

    private static Collection<String> writable(Set<String> roles) {
        return roles.stream().filter(role -> ROLE.matcher(role).matches()).collect(Collectors.toCollection(TreeSet::new));
    }

    private byte[] signature(String signed) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(ALGORITHM + " cannot be cloned here", e);
        }
        return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }

    /** A relayed identity that cannot be trusted; the message says why, for the log, never for the client. */
    public static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
