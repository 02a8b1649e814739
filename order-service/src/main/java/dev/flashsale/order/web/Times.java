package dev.flashsale.order.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Times leave the service as ISO-8601 with the service's offset (Asia/Seoul: +09:00). */
final class Times {

    private Times() {
    }

    static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
