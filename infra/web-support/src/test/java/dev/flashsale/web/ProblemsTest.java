package dev.flashsale.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(Problems.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(Problems.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(Problems.retryAfterSeconds(Duration.ofSeconds(2))).isEqualTo(2);
        assertThat(Problems.retryAfterSeconds(Duration.ofMillis(2001))).isEqualTo(3);
        assertThat(Problems.retryAfterSeconds(Duration.ofSeconds(59).plusNanos(1))).isEqualTo(60);
    }
}
