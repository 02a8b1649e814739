package dev.flashsale.order.saga.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;

import java.util.Arrays;
import java.util.Locale;

/** Which sagas an operator lists. */
public enum SagaFilter {
    /** Running or compensating. */
    OPEN,
    /** Open, and past a deadline or already re-sending a command. */
    STUCK,
    /** Gave up re-sending; their orders NEED_ATTENTION; they wait for a redrive. */
    FAILED;

    public static SagaFilter parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "state must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
