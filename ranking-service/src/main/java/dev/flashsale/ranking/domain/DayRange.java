package dev.flashsale.ranking.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Calendar days from {@code from} to {@code to}, both included. */
public record DayRange(LocalDate from, LocalDate to) {

    public DayRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a day range cannot end (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The {@code days} calendar days that end with {@code lastDay}. */
    public static DayRange ending(LocalDate lastDay, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("a day range has at least one day, asked for " + days);
        }
        return new DayRange(lastDay.minusDays(days - 1L), lastDay);
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
