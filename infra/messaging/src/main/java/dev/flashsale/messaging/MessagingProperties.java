package dev.flashsale.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Settings of the messaging library, under {@code flashsale.messaging}. Every value has a default
 * that suits a service of this project; see {@code docs/messaging.md}.
 *
 * @param zone the offset written into every envelope's {@code occurredAt}
 */
@ConfigurationProperties("flashsale.messaging")
public record MessagingProperties(
        @DefaultValue("Asia/Seoul") ZoneId zone,
        @DefaultValue Relay relay,
        @DefaultValue TopicSettings topics,
        @DefaultValue Consumer consumer,
        @DefaultValue Retention retention) {

    /**
     * The Debezium relay that publishes the outbox. One instance per database streams (the leader, holding a
     * PostgreSQL advisory lock on a connection of its own); the others stand by and take over when it goes.
     *
     * @param slotName replication slot and publication name; by default {@code outbox_<database>}
     * @param pollInterval how long the relay waits before it looks again while records flow, after a look that found
     *                     records: the floor of the latency of a commit this instance does not see
     * @param pollIntervalMax while records flow, each look in a row that finds nothing doubles the wait up to this; a
     *                        commit in this instance wakes the relay at once whatever the wait
     * @param idlePollInterval how long it waits once the outbox has been quiet for {@code quietAfter}; a commit in
     *                         this instance ends the wait at once, one in another instance waits at most this long
     * @param quietAfter how long without records before the relay waits {@code idlePollInterval}
     * @param adaptivePacing false runs Debezium's own constant polling every {@code pollInterval} (for comparison)
     * @param heartbeatInterval how often the relay confirms its position when the outbox is idle, so the
     *                          slot does not hold back WAL that other tables write
     * @param restartBackoff how long the relay waits before it restarts a failed engine
     * @param leadershipCheckInterval how often the leader checks it still holds its lock, and a standby tries to take it
     * @param takeoverGrace how long a new leader waits for the old one's replication connection to go before it ends it
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            String slotName,
            @DefaultValue("1ms") Duration pollInterval,
            @DefaultValue("16ms") Duration pollIntervalMax,
            @DefaultValue("500ms") Duration idlePollInterval,
            @DefaultValue("2s") Duration quietAfter,
            @DefaultValue("true") boolean adaptivePacing,
            @DefaultValue("4096") int maxBatchSize,
            @DefaultValue("16384") int maxQueueSize,
            @DefaultValue("1s") Duration offsetFlushInterval,
            @DefaultValue("10s") Duration heartbeatInterval,
            @DefaultValue("3s") Duration restartBackoff,
            @DefaultValue("2s") Duration leadershipCheckInterval,
            @DefaultValue("5s") Duration takeoverGrace) {
    }

    /**
     * The topics of {@link dev.flashsale.contracts.Topics} and their dead-letter topics, created at start-up if
     * missing (and their configuration brought in line if present). On a cluster an acknowledged message ({@code
     * acks=all}) is then on {@code minInsyncReplicas} brokers, so losing one broker loses nothing. A single local
     * broker needs 1 and 1 ({@code KAFKA_TOPIC_REPLICATION_FACTOR}, {@code KAFKA_TOPIC_MIN_INSYNC_REPLICAS}); the
     * local stack and the tests set them.
     */
    public record TopicSettings(
            @DefaultValue("true") boolean create,
            @DefaultValue("6") int partitions,
            @DefaultValue("3") short replicas,
            @DefaultValue("2") int minInsyncReplicas) {
    }

    /**
     * How a listener treats a message whose handler throws. A transient failure ({@link TransientFailures}: the
     * database or broker away, a pool or lock timeout, a serialization failure, a deadlock) is retried for as long
     * as it lasts, with exponential back-off from {@code initialBackoff} up to {@code transientMaxBackoff}, holding
     * the partition. Any other failure gets {@code maxAttempts} tries with back-off up to {@code maxBackoff}, then
     * the dead-letter topic.
     */
    public record Consumer(
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("10s") Duration transientMaxBackoff) {
    }

    /** How long the outbox, the inbox and idempotency keys keep their rows, and how often they are purged. */
    public record Retention(
            @DefaultValue("1d") Duration outbox,
            @DefaultValue("7d") Duration inbox,
            @DefaultValue("1d") Duration idempotencyKeys,
            @DefaultValue("5m") Duration interval,
            @DefaultValue("5000") int batchSize) {
    }
}
