package dev.flashsale.messaging.operations;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.util.List;

/**
 * {@code /actuator/deadletters}: what this service's listeners gave up on, per consumed topic
 * ({@code GET /actuator/deadletters[/{topic}]}), and its replay once the cause is fixed
 * ({@code POST /actuator/deadletters/{topic}}). See docs/runbook.md.
 *
 * <p>A {@code topic} this service's listeners do not consume is bad input: it is checked before anything is read or
 * sent, and refused with {@link InvalidEndpointRequestException} (actuator answers 400). Any other exception,
 * an {@code IllegalArgumentException} included, is a failure of the operation and answers 500.
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
        return deadLetters.pending(consumed(topic));
    }

    @WriteOperation
    public DeadLetters.Replayed replay(@Selector String topic) {
        return deadLetters.replay(consumed(topic));
    }

    private String consumed(String topic) {
        return deadLetters.consumedTopic(topic).orElseThrow(() -> {
            String reason = "this service consumes no topic named " + topic + "; it consumes " + deadLetters.topics();
            return new InvalidEndpointRequestException(reason, reason);
        });
    }
}
