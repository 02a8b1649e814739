package dev.flashsale.messaging;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.messaging.relay.OutboxRelay;
import dev.flashsale.messaging.testapp.TestEvent;
import dev.flashsale.messaging.testapp.TestListeners;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@MessagingIntegrationTest
class OutboxRelayIT {

    private static final int WRITERS = 4;
    private static final int AGGREGATES_PER_WRITER = 12;
    private static final int TRANSACTIONS_PER_WRITER = 125;
    private static final int EVENTS_PER_TRANSACTION = 20;
    private static final int TOTAL = WRITERS * TRANSACTIONS_PER_WRITER * EVENTS_PER_TRANSACTION;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TestListeners listeners;

    @Test
    void publishesTenThousandRowsExactlyOnceInCommitOrderPerAggregateAcrossARelayRestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC)) {
            writeConcurrently(run, 0, TRANSACTIONS_PER_WRITER / 2);
            relay.stop();
            assertThat(relay.isRunning()).isFalse();
            writeConcurrently(run, TRANSACTIONS_PER_WRITER / 2, TRANSACTIONS_PER_WRITER * 3 / 4);
            relay.start();
            writeConcurrently(run, TRANSACTIONS_PER_WRITER * 3 / 4, TRANSACTIONS_PER_WRITER);

            await().atMost(Duration.ofMinutes(3)).until(() -> handledOf(run) >= TOTAL);

            // After the inbox: every event exactly once, in commit order for each aggregate.
            Map<String, List<Integer>> handled = handledByAggregate(run);
            assertThat(handled).hasSize(WRITERS * AGGREGATES_PER_WRITER);
            handled.forEach((aggregate, sequences) -> assertThat(sequences)
                    .as("events of %s as handled", aggregate)
                    .containsExactlyElementsOf(IntStream.range(0, sequences.size()).boxed().toList()));
            assertThat(handled.values().stream().mapToInt(List::size).sum()).isEqualTo(TOTAL);

            // On the wire: every event id at least once (a restart may repeat some), first copies in order.
            List<ConsumerRecord<String, String>> records = wire.readUntil(
                    seen -> distinctEventIds(seen, run).size() >= TOTAL, Duration.ofMinutes(1));
            assertThat(distinctEventIds(records, run)).hasSize(TOTAL);
            Map<String, List<Integer>> firstCopies = new LinkedHashMap<>();
            Set<String> seenIds = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                if (record.key().startsWith(run) && seenIds.add(eventId(record))) {
                    firstCopies.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(sequenceOf(record));
                }
            }
            firstCopies.forEach((aggregate, sequences) -> assertThat(sequences)
                    .as("first copies of %s on the wire", aggregate).isSorted());
        } finally {
            relay.start();
        }
    }

    @Test
    void neverPublishesTheRowOfARolledBackTransaction() {
        String run = "rollback-" + UUID.randomUUID();
        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC)) {
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                outbox.append(new TestEvent(run, 0, "rolled back"));
                throw new IllegalStateException("the business change failed");
            })).hasMessageContaining("business change failed");
            transactions.executeWithoutResult(status -> outbox.append(new TestEvent(run, 1, "committed")));

            List<ConsumerRecord<String, String>> records = wire.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.key().equals(run)), Duration.ofSeconds(60));

            List<String> values = records.stream().filter(r -> r.key().equals(run)).map(ConsumerRecord::value).toList();
            assertThat(values).hasSize(1);
            assertThat(values.get(0)).contains("committed").doesNotContain("rolled back");
        }
    }

    @Test
    void carriesTheEnvelopeInTheValueAndTheEventIdAndTypeAsHeaders() {
        String run = "envelope-" + UUID.randomUUID();
        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC)) {
            UUID eventId = transactions.execute(status -> outbox.append(new TestEvent(run, 0, "hello")));

            ConsumerRecord<String, String> record = wire.readUntil(
                            seen -> seen.stream().anyMatch(r -> r.key().equals(run)), Duration.ofSeconds(60))
                    .stream().filter(r -> r.key().equals(run)).findFirst().orElseThrow();

            assertThat(header(record, Envelope.HEADER_EVENT_ID)).isEqualTo(eventId.toString());
            assertThat(header(record, Envelope.HEADER_TYPE)).isEqualTo("TestEvent");
            assertThat(record.value())
                    .contains("\"eventId\":\"" + eventId + "\"")
                    .contains("\"type\":\"TestEvent\"", "\"version\":1", "\"aggregateId\":\"" + run + "\"",
                            "\"occurredAt\":\"", "+09:00\"", "\"note\":\"hello\"");
        }
    }

    @Test
    void refusesToAppendOutsideATransaction() {
        assertThatThrownBy(() -> outbox.append(new TestEvent("no-tx", 0, "lost")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    private void writeConcurrently(String run, int fromTransaction, int toTransaction) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int w = writer;
                done.add(writers.submit(() -> {
                    for (int tx = fromTransaction; tx < toTransaction; tx++) {
                        int t = tx;
                        transactions.executeWithoutResult(status -> {
                            for (int i = 0; i < EVENTS_PER_TRANSACTION; i++) {
                                int n = t * EVENTS_PER_TRANSACTION + i;
                                // Round-robin over this writer's aggregates: aggregate a gets sequences 0, 1, 2, ...
                                int aggregate = n % AGGREGATES_PER_WRITER;
                                outbox.append(new TestEvent(run + "-" + w + "-" + aggregate, n / AGGREGATES_PER_WRITER, null));
                            }
                        });
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdown();
        }
    }

    private int handledOf(String run) {
        return handledByAggregate(run).values().stream().mapToInt(List::size).sum();
    }

    private Map<String, List<Integer>> handledByAggregate(String run) {
        Map<String, List<Integer>> mine = new HashMap<>();
        listeners.handledByAggregate().forEach((aggregate, sequences) -> {
            if (aggregate.startsWith(run)) {
                mine.put(aggregate, List.copyOf(sequences));
            }
        });
        return mine;
    }

    private static Set<String> distinctEventIds(List<ConsumerRecord<String, String>> records, String run) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.key().startsWith(run)) {
                ids.add(eventId(record));
            }
        }
        return ids;
    }

    private static String eventId(ConsumerRecord<String, String> record) {
        return header(record, Envelope.HEADER_EVENT_ID);
    }

    private static int sequenceOf(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value()).path("sequence").asInt();
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
