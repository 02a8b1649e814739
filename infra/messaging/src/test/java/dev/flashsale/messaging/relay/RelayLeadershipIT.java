package dev.flashsale.messaging.relay;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.messaging.testapp.TestEvent;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one service's relay on one database, as two replicas run them: one streams, the other stands by
 * and takes over when the first dies or stops, and every message committed meanwhile is published.
 */
class RelayLeadershipIT {

    private static final Duration TAKEOVER = Duration.ofSeconds(10);

    private StandaloneRelays database;

    @AfterEach
    void dropTheDatabasesSlot() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void onlyOneInstanceStreamsAndTheOtherTakesOverWithinTenSecondsWhenTheLeadersSessionIsKilled() throws Exception {
        database = new StandaloneRelays("relay_failover");
        OutboxRelay first = database.relay(StandaloneRelays.settings(Duration.ofMillis(200), Duration.ofSeconds(1)));
        OutboxRelay second = database.relay(StandaloneRelays.settings(Duration.ofMillis(200), Duration.ofSeconds(1)));
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(first::isStreaming);
        second.start();
        String run = "failover-" + UUID.randomUUID();

        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC);
             Writer writer = new Writer(database.outbox(first), database, run)) {
            Instant standByUntil = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(standByUntil)) {
                assertThat(second.role()).isEqualTo(OutboxRelay.Role.STANDBY);
                assertThat(second.isStreaming()).isFalse();
                assertThat(first.role()).isEqualTo(OutboxRelay.Role.LEADER);
                Thread.sleep(100);
            }
            Integer leaderSession = database.leaderBackend();
            assertThat(leaderSession).as("the leader's lock session").isNotNull();

            // What PostgreSQL does when the leader's process dies: it ends the session, and the lock goes with it.
            Instant killed = Instant.now();
            database.terminate(leaderSession);
            await().atMost(TAKEOVER).until(second::isStreaming);
            Duration takeover = Duration.between(killed, Instant.now());
            assertThat(second.role()).isEqualTo(OutboxRelay.Role.LEADER);
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.isStreaming());
            assertThat(first.role()).isEqualTo(OutboxRelay.Role.STANDBY);
            System.out.printf("relay takeover after the leader's session was killed: %d ms%n", takeover.toMillis());

            Thread.sleep(1_000);
            Set<String> written = writer.stop();
            List<ConsumerRecord<String, String>> records = wire.readUntil(
                    seen -> eventIds(seen, run).containsAll(written), Duration.ofSeconds(60));
            assertThat(eventIds(records, run)).as("every committed message, published").containsAll(written)
                    .hasSize(written.size());
        }
    }

    @Test
    void theStandbyTakesOverWhenTheLeaderStopsGracefully() throws Exception {
        database = new StandaloneRelays("relay_handover");
        OutboxRelay first = database.relay(StandaloneRelays.settings(Duration.ofMillis(200), Duration.ofSeconds(1)));
        OutboxRelay second = database.relay(StandaloneRelays.settings(Duration.ofMillis(200), Duration.ofSeconds(1)));
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(first::isStreaming);
        second.start();
        String run = "handover-" + UUID.randomUUID();

        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC);
             Writer writer = new Writer(database.outbox(null), database, run)) {
            Thread.sleep(1_000);
            assertThat(second.role()).isEqualTo(OutboxRelay.Role.STANDBY);

            first.stop();
            await().atMost(TAKEOVER).until(second::isStreaming);
            assertThat(first.role()).isEqualTo(OutboxRelay.Role.STANDBY);

            Thread.sleep(1_000);
            Set<String> written = writer.stop();
            List<ConsumerRecord<String, String>> records = wire.readUntil(
                    seen -> eventIds(seen, run).containsAll(written), Duration.ofSeconds(60));
            assertThat(eventIds(records, run)).containsAll(written).hasSize(written.size());
        }
    }

    private static Set<String> eventIds(List<ConsumerRecord<String, String>> records, String run) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.key() != null && record.key().startsWith(run)) {
                ids.add(new String(record.headers().lastHeader(Envelope.HEADER_EVENT_ID).value(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    /** Commits one message every 20 ms on its own thread until stopped; remembers their event ids. */
    private static final class Writer implements AutoCloseable {
        private final Set<String> written = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Writer(Outbox outbox, StandaloneRelays database, String run) {
            thread = new Thread(() -> {
                int sequence = 0;
                while (running.get()) {
                    int n = sequence++;
                    UUID id = database.transactions.execute(status -> outbox.append(new TestEvent(run + "-" + (n % 4), n, null)));
                    written.add(id.toString());
                    StandaloneRelays.pause(Duration.ofMillis(20));
                }
            }, "outbox-writer");
            thread.start();
        }

        Set<String> stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            return Set.copyOf(written);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
