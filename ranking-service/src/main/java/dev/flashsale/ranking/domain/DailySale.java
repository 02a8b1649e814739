package dev.flashsale.ranking.domain;

import java.time.LocalDate;
import java.util.Objects;

/** Units of one product sold on one day (in the shop's time zone). */
public record DailySale(LocalDate day, long productId, long quantity) {

    public DailySale {
        Objects.requireNonNull(day, "day");
        if (quantity < 0) {
            throw new IllegalArgumentException("a daily sale is never negative, was " + quantity);
        }
    }
}
