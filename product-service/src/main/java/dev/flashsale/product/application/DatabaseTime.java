package dev.flashsale.product.application;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time at the precision PostgreSQL stores ({@code timestamptz} keeps microseconds). An instant with
 * nanoseconds is rounded on its way into the database, so a deadline read back could lie a fraction of a
 * microsecond after the very instant it was computed from, and "due" would mean one thing in SQL and another in Java.
 */
final class DatabaseTime {

    private DatabaseTime() {
    }

    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
