package dev.flashsale.order.saga.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the saga waits. Every command gets {@code stepTimeout}; a forward step that gets no answer in that time
 * has failed. A compensation is re-sent instead, waiting twice as long each time up to {@code maxRetryDelay}, and
 * after {@code maxAttempts} unanswered sends the saga is FAILED.
 */
public record SagaTimeouts(Duration stepTimeout, Duration maxRetryDelay, int maxAttempts) {

    public SagaTimeouts {
        Objects.requireNonNull(stepTimeout, "stepTimeout");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        if (stepTimeout.isNegative() || stepTimeout.isZero() || maxRetryDelay.compareTo(stepTimeout) < 0) {
            throw new IllegalArgumentException("stepTimeout must be positive and maxRetryDelay at least stepTimeout");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** How long to wait after the {@code sends}-th send of the same command (1 for the first). */
    Duration waitAfter(int sends) {
        Duration wait = stepTimeout;
        for (int i = 1; i < sends && wait.compareTo(maxRetryDelay) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : wait;
    }
}
