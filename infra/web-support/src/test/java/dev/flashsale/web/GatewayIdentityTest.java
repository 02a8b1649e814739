package dev.flashsale.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayIdentityTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:15:30Z");
    private static final String SECRET = "the-secret-the-gateway-and-services-share";

    private final GatewayIdentity identity = GatewayIdentity.withSecret(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aServiceReadsTheCallerTheGatewaySigned() {
        String header = identity.sign(new Caller(7, Set.of("admin", "support")), NOW.plusSeconds(30));

        assertThat(header).startsWith("v1;u=7;r=admin,support;e=" + NOW.plusSeconds(30).getEpochSecond() + ";s=");
        assertThat(identity.verify(header)).contains(new Caller(7, Set.of("admin", "support")));
    }

    @Test
    void anAnonymousRequestIsVouchedForWithoutACaller() {
        String header = identity.sign(null, NOW.plusSeconds(30));

        assertThat(header).startsWith("v1;u=;r=;e=");
        assertThat(identity.verify(header)).isEqualTo(Optional.empty());
    }

    @Test
    void theIdentityLastsUntilItsExpiryAndNotASecondLonger() {
        String header = identity.sign(new Caller(7, Set.of()), NOW);
        assertThat(identity.verify(header)).isPresent();

        GatewayIdentity later = GatewayIdentity.withSecret(SECRET, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(header)).isInstanceOf(GatewayIdentity.Invalid.class).hasMessage("expired");
    }

    @Test
    void anIdentitySignedWithAnotherSecretIsRefused() {
        String header = GatewayIdentity.withSecret("another-secret-entirely-of-some-length", Clock.fixed(NOW, ZoneOffset.UTC))
                .sign(new Caller(7, Set.of()), NOW.plusSeconds(30));

        assertThatThrownBy(() -> identity.verify(header)).isInstanceOf(GatewayIdentity.Invalid.class)
                .hasMessage("signature does not match");
    }

    @Test
    void noFieldCanBeChangedWithoutBreakingTheSignature() {
        String header = identity.sign(new Caller(7, Set.of()), NOW.plusSeconds(30));
        long expiry = NOW.plusSeconds(30).getEpochSecond();
        for (String tampered : new String[]{
                header.replace("u=7", "u=8"),
                header.replace("r=;", "r=admin;"),
                header.replace("e=" + expiry, "e=" + (expiry + 3600)),
                header.replace("v1;", "v2;")}) {
            assertThatThrownBy(() -> identity.verify(tampered)).as(tampered).isInstanceOf(GatewayIdentity.Invalid.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1", "v1;u=7;r=;e=1", "v1;u=7;r=;e=1;s=", "v1;u=7;r=;e=1;s=!!!", "7",
            "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"})
    void anythingMalformedIsRefused(String header) {
        assertThatThrownBy(() -> identity.verify(header)).isInstanceOf(GatewayIdentity.Invalid.class);
    }

    @Test
    void aMissingOrHugeHeaderIsRefused() {
        assertThatThrownBy(() -> identity.verify(null)).isInstanceOf(GatewayIdentity.Invalid.class);
        assertThatThrownBy(() -> identity.verify("v1;u=7;r=" + "a".repeat(600) + ";e=1;s=x"))
                .isInstanceOf(GatewayIdentity.Invalid.class).hasMessage("too long");
    }

    @Test
    void aCorrectlySignedButMalformedIdentityIsStillRefused() {
        // Only the gateway can sign; this guards against a gateway bug, not an attacker.
        for (String fields : new String[]{"v1;u=0;r=;e=9999999999", "v1;u=x;r=;e=9999999999", "v1;u=;r=admin;e=9999999999",
                "v1;u=7;r=a b;e=9999999999", "v1;u=7;r=;e=soon", "v1;u=99999999999999999999;r=;e=9999999999"}) {
            String header = fields + ";s=" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(macOf(fields));
            assertThatThrownBy(() -> identity.verify(header)).as(fields).isInstanceOf(GatewayIdentity.Invalid.class)
                    .hasMessage("malformed");
        }
    }

    @Test
    void rolesThatCannotBeWrittenUnambiguouslyAreLeftOut() {
        String header = identity.sign(new Caller(7, Set.of("admin", "a,b", "x;y", "")), NOW.plusSeconds(30));

        assertThat(identity.verify(header)).contains(new Caller(7, Set.of("admin")));
    }

    @Test
    void aBlankSecretIsNoSecret() {
        assertThatThrownBy(() -> GatewayIdentity.withSecret(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The signature the gateway would make over {@code fields}, computed independently of the class under test. */
    private static byte[] macOf(String fields) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(), "HmacSHA256"));
            byte[] key = derive.doFinal("flashsale gateway caller identity v1".getBytes());
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(fields.getBytes());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
