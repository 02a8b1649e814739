package dev.flashsale.order.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;

import java.util.Arrays;
import java.util.Locale;

/** Which sagas an operator lists. */
public enum SagaFilter {
    /** Running, compensating or confirming. */
    OPEN,
    /** Open, and past their deadline or already re-sending their command. */
    STUCK,
    /** Gave up re-sending; wait for a redrive. */
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
