package dev.flashsale.order.application;

import dev.flashsale.order.domain.OrderLimits;
import dev.flashsale.order.domain.SagaTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Settings of order-service, under {@code flashsale.order}. */
@ConfigurationProperties("flashsale.order")
public record OrderSettings(@DefaultValue Limits limits, @DefaultValue Saga saga, @DefaultValue Waiting waiting) {

    /**
     * @param maxLines           lines per order
     * @param maxQuantityPerLine units of one variant per order
     */
    public record Limits(@DefaultValue("50") int maxLines, @DefaultValue("1000") int maxQuantityPerLine) {
        public OrderLimits toLimits() {
            return new OrderLimits(maxLines, maxQuantityPerLine);
        }
    }

    /**
     * @param stepTimeout   how long a participant has to answer a command before the step counts as failed
     *                      (forward) or the command is sent again (compensation, confirmation)
     * @param maxRetryDelay the longest wait between two sends of the same command; waits double up to it
     * @param maxAttempts   sends of one compensation or confirmation before the saga is FAILED
     * @param sweepInterval how often this instance looks for sagas past their deadline
     * @param sweepBatch    sagas handled per sweep at most
     * @param replyConsumers consumer threads on the reply topic (its 6 partitions bound the useful number)
     */
    public record Saga(@DefaultValue("10s") Duration stepTimeout, @DefaultValue("5m") Duration maxRetryDelay,
                       @DefaultValue("6") int maxAttempts, @DefaultValue("1s") Duration sweepInterval,
                       @DefaultValue("200") int sweepBatch, @DefaultValue("3") int replyConsumers) {
        public SagaTimeouts toTimeouts() {
            return new SagaTimeouts(stepTimeout, maxRetryDelay, maxAttempts);
        }
    }

    /**
     * @param max             the longest {@code waitMs} a client may ask for
     * @param recheckInterval how often the orders waited on are looked up in the database, for those
     *                        another instance finished
     */
    public record Waiting(@DefaultValue("30s") Duration max, @DefaultValue("1s") Duration recheckInterval) {
    }
}
