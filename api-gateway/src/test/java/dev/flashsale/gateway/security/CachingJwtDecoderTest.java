package dev.flashsale.gateway.security;

import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    private final MutableClock clock = new MutableClock(NOW, ZoneOffset.UTC);
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new JwtException("signature does not match");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("7")
                .issuedAt(NOW).expiresAt(NOW.plus(Duration.ofMinutes(10))).build();
    };
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, timestamps(), 100, clock);

    @Test
    void aTokenIsVerifiedOnceAndFoundByItsWholeTextAfterwards() {
        Jwt first = decoder.decode("token-a");
        Jwt again = decoder.decode("token-a");

        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
        decoder.decode("token-a-with-another-signature");
        assertThat(verifications).as("any other text is verified on its own").hasValue(2);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        decoder.decode("token-b");
        clock.advance(Duration.ofMinutes(12));

        assertThatThrownBy(() -> decoder.decode("token-b")).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aTokenThatFailedIsNotRemembered() {
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(JwtException.class);

        assertThat(verifications).hasValue(2);
    }

    private JwtTimestampValidator timestamps() {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        return timestamps;
    }
}
