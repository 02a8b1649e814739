package dev.flashsale.messaging.operations;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code /actuator/outbox}: the messages this service still keeps per topic ({@code GET}), and their republication
 * ({@code POST} with {@code {"from": ..., "to": ..., "topic": ...}}, times in ISO-8601, topic optional).
 * See docs/runbook.md.
 */
@Endpoint(id = "outbox")
public class OutboxEndpoint {

    private final OutboxReplay replay;

    public OutboxEndpoint(OutboxReplay replay) {
        this.replay = replay;
    }

    @ReadOperation
    public List<OutboxReplay.Retained> retained() {
        return replay.retained();
    }

    @WriteOperation
    public OutboxReplay.Republished republish(OffsetDateTime from, OffsetDateTime to, @Nullable String topic) {
        return DeadLettersEndpoint.badRequestOnIllegalArgument(() -> replay.republish(topic, from.toInstant(), to.toInstant()));
    }
}
