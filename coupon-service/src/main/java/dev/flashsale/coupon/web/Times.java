package dev.flashsale.coupon.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Instants go on the wire as ISO-8601 with the service's offset, e.g. {@code 2026-11-22T10:15:30+09:00}. */
final class Times {

    private Times() {
    }

    static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
