package dev.flashsale.order.saga.application;

import dev.flashsale.order.saga.domain.SagaTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the order saga, under {@code flashsale.order.saga}.
 *
 * @param stepTimeout    how long a participant has to answer a command before the step counts as failed (forward)
 *                       or the command is sent again (compensation)
 * @param maxRetryDelay  the longest wait between two sends of the same compensation; waits double up to it
 * @param maxAttempts    sends of one compensation before the saga is FAILED and its order NEEDS_ATTENTION
 * @param sweepInterval  how often this instance looks for sagas past a deadline
 * @param sweepBatch     sagas handled per sweep at most
 * @param replyConsumers consumer threads on the reply topic (its partitions bound the useful number)
 */
@ConfigurationProperties("flashsale.order.saga")
public record SagaSettings(@DefaultValue("10s") Duration stepTimeout, @DefaultValue("5m") Duration maxRetryDelay,
                           @DefaultValue("6") int maxAttempts, @DefaultValue("1s") Duration sweepInterval,
                           @DefaultValue("200") int sweepBatch, @DefaultValue("1") int replyConsumers) {

    public SagaTimeouts toTimeouts() {
        return new SagaTimeouts(stepTimeout, maxRetryDelay, maxAttempts);
    }
}
