package dev.flashsale.messaging.operations;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /actuator/deadletters}: what this service's listeners gave up on, per consumed topic
 * ({@code GET /actuator/deadletters[/{topic}]}), and its replay once the cause is fixed
 * ({@code POST /actuator/deadletters/{topic}}). See docs/runbook.md.
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

    private final DeadLetters deadLetters;

    public DeadLettersEndpoint(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @ReadOperation
    public List<DeadLetters.Pending> pending() {
        return deadLetters.pending();
    }

    @ReadOperation
    public DeadLetters.Pending pending(@Selector String topic) {
        return badRequestOnIllegalArgument(() -> deadLetters.pending(topic));
    }

    @WriteOperation
    public DeadLetters.Replayed replay(@Selector String topic) {
        return badRequestOnIllegalArgument(() -> deadLetters.replay(topic));
    }

    static <T> T badRequestOnIllegalArgument(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        }
    }
}
