package dev.flashsale.messaging.relay;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.messaging.testapp.TestEvent;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay's two Debezium threads wait through its pacer: seldom at rest, and woken by a commit. */
class RelayPacingIT {

    private StandaloneRelays database;

    @AfterEach
    void dropTheDatabasesSlot() {
        if (database != null) {
            database.close();
        }
    }

    /** A relay on a database of its own with the given pacing, started and streaming through its pacer. */
    private OutboxRelay streamingPacedRelay(String name, Duration idlePollInterval, Duration quietAfter) {
        database = new StandaloneRelays(name);
        OutboxRelay relay = database.relay(StandaloneRelays.settings(idlePollInterval, quietAfter));
        relay.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.isStreaming() && relay.pacer().isActive());
        return relay;
    }

    @Test
    void bothDebeziumThreadsWaitThroughThePacerAndLookOnlyAFewTimesASecondAtRest() throws Exception {
        OutboxRelay relay = streamingPacedRelay("relay_pacing", Duration.ofMillis(500), Duration.ofSeconds(1));
        Thread.sleep(2_000);

        long streamingBefore = relay.pacer().streamingWaits();
        long pollingBefore = relay.pacer().pollingWaits();
        Thread.sleep(3_000);
        long streamingWaits = relay.pacer().streamingWaits() - streamingBefore;
        long pollingWaits = relay.pacer().pollingWaits() - pollingBefore;

        // Every 500 ms at rest: about six waits each in three seconds; Debezium's own pace would be hundreds.
        assertThat(streamingWaits).as("the streaming thread's waits in 3 s at rest").isBetween(1L, 20L);
        assertThat(pollingWaits).as("the engine thread's waits in 3 s at rest").isBetween(1L, 20L);
    }

    @Test
    void aCommitInThisJvmWakesARestingRelayLongBeforeItsIdleWaitEnds() throws Exception {
        OutboxRelay relay = streamingPacedRelay("relay_wake", Duration.ofSeconds(90), Duration.ofMillis(500));
        String run = "wake-" + UUID.randomUUID();

        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC)) {
            Thread.sleep(2_000);
            UUID eventId = database.transactions.execute(status -> database.outbox(relay).append(new TestEvent(run, 0, null)));

            // Resting, both threads wait 90 s; only the commit's wake-up can bring the message out within 30 s.
            List<ConsumerRecord<String, String>> records = wire.readUntil(
                    seen -> seen.stream().anyMatch(record -> run.equals(record.key())), Duration.ofSeconds(30));
            assertThat(records).filteredOn(record -> run.equals(record.key()))
                    .extracting(record -> new String(record.headers().lastHeader(Envelope.HEADER_EVENT_ID).value(),
                            StandardCharsets.UTF_8))
                    .containsExactly(eventId.toString());
        }
    }

    /**
     * Debezium's event meter printed every change (key and value through Jackson) for one JMX attribute, a third of
     * the streaming thread's CPU; the relay's streaming metrics name the last event's table instead, and still count.
     */
    @Test
    void theStreamingMetricsCountEveryEventWithoutPrintingIt() throws Exception {
        OutboxRelay relay = streamingPacedRelay("relay_metrics", Duration.ofSeconds(2), Duration.ofMillis(500));
        String run = "metrics-" + UUID.randomUUID();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName streaming = new ObjectName("debezium.postgres:type=connector-metrics,context=streaming,server="
                + database.slot.name());

        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC)) {
            database.transactions.execute(status -> database.outbox(relay).append(new TestEvent(run, 0, null)));
            wire.readUntil(seen -> seen.stream().anyMatch(record -> run.equals(record.key())), Duration.ofSeconds(30));
        }

        assertThat((Long) server.getAttribute(streaming, "TotalNumberOfEventsSeen")).isPositive();
        assertThat((String) server.getAttribute(streaming, "LastEvent")).isEqualTo("messaging.outbox");
    }

    /**
     * A paced relay whose replication connection breaks (the service paused past PostgreSQL's wal_sender_timeout, a
     * network cut) must restart streaming by itself: Debezium leaves the failure in its queue for the engine's next
     * poll, which a paced engine thread never made while nothing was queued; the relay stood still, still leader.
     */
    @Test
    void aRelayWhoseReplicationConnectionBreaksStreamsAgainAndPublishesWhatWasCommittedMeanwhile() throws Exception {
        database = new StandaloneRelays("relay_broken_stream");
        OutboxRelay relay = database.relay(StandaloneRelays.settings(Duration.ofSeconds(2), Duration.ofMillis(500)));
        relay.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.isStreaming() && database.slotReader() != null);
        Thread.sleep(2_000);
        String run = "broken-" + UUID.randomUUID();

        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC)) {
            database.terminate(database.slotReader());
            Thread.sleep(1_000);
            UUID eventId = database.transactions.execute(status -> database.outbox(relay).append(new TestEvent(run, 0, null)));

            List<ConsumerRecord<String, String>> records = wire.readUntil(
                    seen -> seen.stream().anyMatch(record -> run.equals(record.key())), Duration.ofSeconds(60));
            assertThat(records).filteredOn(record -> run.equals(record.key()))
                    .extracting(record -> new String(record.headers().lastHeader(Envelope.HEADER_EVENT_ID).value(),
                            StandardCharsets.UTF_8))
                    .as("published after the relay streamed again").containsExactly(eventId.toString());
        }
    }
}
