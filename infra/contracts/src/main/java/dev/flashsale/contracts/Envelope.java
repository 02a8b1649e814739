package dev.flashsale.contracts;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * The fields every message carries next to its own, at the top level of its JSON value:
 * <pre>{"eventId": "uuid", "type": "OrderCompleted", "version": 1, "aggregateId": "1001",
 *  "occurredAt": "2026-11-22T10:15:30+09:00", ...the message's own fields}</pre>
 * The event id is stable: a message delivered twice has the same id both times, which is what
 * consumers deduplicate on. The trace context travels as the W3C {@code traceparent} header.
 */
public record Envelope(UUID eventId, String type, int version, String aggregateId, OffsetDateTime occurredAt) {

    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String VERSION = "version";
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String OCCURRED_AT = "occurredAt";

    /** Kafka header names; the same values as the JSON fields, readable without parsing the value. */
    public static final String HEADER_EVENT_ID = "id";
    public static final String HEADER_TYPE = "type";
    public static final String HEADER_TRACEPARENT = "traceparent";

    public Envelope {
        Objects.requireNonNull(eventId, EVENT_ID);
        Objects.requireNonNull(type, TYPE);
        Objects.requireNonNull(aggregateId, AGGREGATE_ID);
        Objects.requireNonNull(occurredAt, OCCURRED_AT);
    }
}
