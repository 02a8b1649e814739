package dev.flashsale.messaging.operations;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code /actuator/outbox}: the messages this service still keeps per topic ({@code GET}), and their republication
 * ({@code POST} with {@code {"from": ..., "to": ..., "topic": ...}}, times in ISO-8601, topic optional).
 * See docs/runbook.md.
 *
 * <p>Bad input answers 400 and changes nothing: {@code from} or {@code to} missing or not an ISO-8601 time (actuator
 * refuses those itself), or a range that is empty ({@code from} not before {@code to}), checked here before any row
 * is touched. Any other exception is a failure of the operation and answers 500.
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
        if (!from.isBefore(to)) {
            String reason = "from (" + from + ") must be before to (" + to + ")";
            throw new InvalidEndpointRequestException(reason, reason);
        }
        return replay.republish(topic, from.toInstant(), to.toInstant());
    }
}
