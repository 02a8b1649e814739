package dev.flashsale.contracts;

import java.time.Duration;
import java.util.Objects;

/**
 * A refusal that is about the moment, not the request: the same request is expected to succeed after
 * {@link #retryAfter()}. HTTP answers it with its code and a {@code Retry-After} header (whole seconds, at least one).
 */
public class RetryLaterException extends DomainException {

    private final Duration retryAfter;

    public RetryLaterException(ErrorCode code, String detail, Duration retryAfter) {
        super(code, detail);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
