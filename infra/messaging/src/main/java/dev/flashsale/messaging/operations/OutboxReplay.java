package dev.flashsale.messaging.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Sends messages this service already published once more, from the outbox rows it still keeps (the retention of
 * {@code flashsale.messaging.retention.outbox}): for a consumer outside the system (the data platform) that lost
 * what it had read, or a topic whose records expired before a consumer got them.
 *
 * <p>Each row is deleted and inserted again in one statement: the relay's publication carries inserts only, so the
 * relay sends the row once more, with its original event id, key, occurredAt and trace context. Consumers of this
 * project skip it by event id where they had it; an outside consumer deduplicates by the same id.
 */
public class OutboxReplay {

    private static final Logger log = LoggerFactory.getLogger(OutboxReplay.class);

    private final JdbcTemplate jdbc;

    public OutboxReplay(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows kept for one topic: how many, and the occurredAt of the oldest and the newest. */
    public record Retained(String topic, long rows, OffsetDateTime oldest, OffsetDateTime newest) {
    }

    /** What a republish did. */
    public record Republished(String topic, Instant from, Instant to, int messages) {
    }

    public List<Retained> retained() {
        return jdbc.query("""
                SELECT topic, count(*) AS rows, min(occurred_at) AS oldest, max(occurred_at) AS newest
                FROM messaging.outbox GROUP BY topic ORDER BY topic""",
                (row, i) -> new Retained(row.getString("topic"), row.getLong("rows"),
                        row.getObject("oldest", OffsetDateTime.class), row.getObject("newest", OffsetDateTime.class)));
    }

    /**
     * Publishes again every kept message of {@code topic} (every topic when null) whose occurredAt is in
     * {@code [from, to)}, in the order they occurred.
     */
    public Republished republish(String topic, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        int messages = jdbc.update("""
                WITH kept AS (
                    DELETE FROM messaging.outbox
                    WHERE occurred_at >= ? AND occurred_at < ? AND (CAST(? AS text) IS NULL OR topic = ?)
                    RETURNING *)
                INSERT INTO messaging.outbox SELECT * FROM kept ORDER BY occurred_at, id""",
                from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), topic, topic);
        log.info("Republishing {} outbox messages of {} that occurred in [{}, {})",
                messages, topic == null ? "every topic" : topic, from, to);
        return new Republished(topic, from, to, messages);
    }
}
