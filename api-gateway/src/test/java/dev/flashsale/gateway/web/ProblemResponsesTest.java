package dev.flashsale.gateway.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTest {

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(ProblemResponses.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(ProblemResponses.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ProblemResponses.retryAfterSeconds(Duration.ofSeconds(2))).isEqualTo(2);
        assertThat(ProblemResponses.retryAfterSeconds(Duration.ofMillis(2001))).isEqualTo(3);
        assertThat(ProblemResponses.retryAfterSeconds(Duration.ofSeconds(59).plusNanos(1))).isEqualTo(60);
    }
}
