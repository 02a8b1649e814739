package dev.flashsale.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The messaging library's meters, all under {@code messaging.*}:
 * <ul>
 *   <li>{@code messaging.outbox.published} (topic): messages the relay put on Kafka;</li>
 *   <li>{@code messaging.outbox.lag} (topic): from the message's {@code occurredAt} to the broker's acknowledgement;</li>
 *   <li>{@code messaging.inbox.handled}, {@code .duplicates}, {@code .ignored} (consumer, type);</li>
 *   <li>{@code messaging.inbox.batch.size}, {@code messaging.inbox.batch.duration} (consumer): a batch listener's
 *       batches, their records and the time of their transaction;</li>
 *   <li>{@code messaging.dead.lettered} (topic): messages given up on and sent to {@code <topic>.dlq}.</li>
 * </ul>
 */
public final class MessagingMetrics {

    private final MeterRegistry registry;

    public MessagingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void published(String topic, Duration lag) {
        Counter.builder("messaging.outbox.published").description("Messages the outbox relay published")
                .tag("topic", topic).register(registry).increment();
        Timer.builder("messaging.outbox.lag").description("From a message's occurredAt to its publication")
                .tag("topic", topic).publishPercentileHistogram()
                .register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void handled(String consumer, String type) {
        inbox("messaging.inbox.handled", "Messages handled for the first time", consumer, type);
    }

    public void duplicate(String consumer, String type) {
        inbox("messaging.inbox.duplicates", "Messages skipped because this consumer handled them before", consumer, type);
    }

    public void ignored(String consumer, String type) {
        inbox("messaging.inbox.ignored", "Messages of a type this consumer has no handler for", consumer, type);
    }

    public void batch(String consumer, int records, Duration duration) {
        DistributionSummary.builder("messaging.inbox.batch.size").description("Records per batch a batch listener handled")
                .tag("consumer", consumer).register(registry).record(records);
        Timer.builder("messaging.inbox.batch.duration").description("A batch listener's batch, decoded and handled in its transaction")
                .tag("consumer", consumer).register(registry).record(duration);
    }

    public void deadLettered(String topic) {
        Counter.builder("messaging.dead.lettered").description("Messages sent to a dead-letter topic after their retries")
                .tag("topic", topic).register(registry).increment();
    }

    private void inbox(String name, String description, String consumer, String type) {
        Counter.builder(name).description(description)
                .tag("consumer", consumer).tag("type", type).register(registry).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
