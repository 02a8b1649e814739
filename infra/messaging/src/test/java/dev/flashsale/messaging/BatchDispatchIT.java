package dev.flashsale.messaging;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.contracts.Topics;
import dev.flashsale.messaging.testapp.BatchItem;
import dev.flashsale.messaging.testapp.TestListeners;
import dev.flashsale.testkit.SharedInfrastructure;
import dev.flashsale.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A batch listener: one transaction per batch, the inbox per record, a poison record isolated. */
@MessagingIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class BatchDispatchIT {

    private static final MessageCodec CODEC = new MessageCodec();

    @Autowired
    TestListeners listeners;
    @Autowired
    KafkaListenerEndpointRegistry registry;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry metrics;

    @Test
    void handlesABatchInOneTransactionAndSkipsEventsHandledBeforeOrTwiceInTheBatch() {
        String group = "batch-" + UUID.randomUUID();
        UUID earlier = UUID.randomUUID();
        send(List.of(item(group, "earlier", false, earlier)));
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.batchItemsCommitted().contains(group + "earlier"));
        double duplicatesBefore = duplicates();

        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        sendAsOneBatch(List.of(item(group, "a", false, a), item(group, "b", false, b), item(group, "a", false, a),
                item(group, "earlier", false, earlier), item(group, "c", false, c)));

        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.batchItemsCommitted().contains(group + "c"));
        assertThat(listeners.batchItemsCommitted()).filteredOn(id -> id.startsWith(group))
                .containsExactly(group + "earlier", group + "a", group + "b", group + "c");
        assertThat(listeners.batchItemAttempts(group + "a")).isOne();
        assertThat(listeners.batchItemAttempts(group + "earlier")).isOne();
        assertThat(duplicates()).isEqualTo(duplicatesBefore + 2);
        // The inbox rows' received_at is now(), the time their transaction began: one transaction wrote all three.
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT received_at) FROM messaging.inbox WHERE event_id IN (?, ?, ?)",
                Integer.class, a, b, c)).isOne();
    }

    @Test
    void aPoisonRecordIsRetriedAndDeadLetteredAloneWhileTheRecordsAroundItCommitOnce() {
        String group = "poison-" + UUID.randomUUID();
        double deadLetteredBefore = metrics.counter("messaging.dead.lettered", "topic", BatchItem.TOPIC).count();
        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.deadLetter(BatchItem.TOPIC))) {
            sendAsOneBatch(List.of(item(group, "before", false, UUID.randomUUID()), item(group, "poison", true, UUID.randomUUID()),
                    item(group, "after", false, UUID.randomUUID())));

            await().atMost(Duration.ofSeconds(60)).until(() -> listeners.batchItemsCommitted().contains(group + "after"));
            List<ConsumerRecord<String, String>> dead = deadLetters.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.value().contains(group + "poison")), Duration.ofSeconds(30));

            assertThat(listeners.batchItemsCommitted()).filteredOn(id -> id.startsWith(group))
                    .containsExactly(group + "before", group + "after");
            assertThat(dead).filteredOn(r -> r.value().contains(group)).hasSize(1)
                    .allSatisfy(r -> assertThat(r.value()).contains(group + "poison"));
            assertThat(OutboxRelayIT.header(dead.stream().filter(r -> r.value().contains(group)).findFirst().orElseThrow(),
                    "kafka_dlt-exception-message")).contains("fails on purpose");
            assertThat(metrics.counter("messaging.dead.lettered", "topic", BatchItem.TOPIC).count())
                    .isEqualTo(deadLetteredBefore + 1);
        }
    }

    @Test
    void eachRecordOfABatchIsHandledAndLoggedInTheTraceItCarries(CapturedOutput output) {
        String group = "traced-" + UUID.randomUUID();
        String firstTrace = "0af7651916cd43dd8448eb211c80319c";
        String secondTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        ProducerRecord<String, String> first = item(group, "first", false, UUID.randomUUID());
        first.headers().add(Envelope.HEADER_TRACEPARENT, ("00-" + firstTrace + "-b7ad6b7169203331-01").getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, String> second = item(group, "second", false, UUID.randomUUID());
        second.headers().add(Envelope.HEADER_TRACEPARENT, ("00-" + secondTrace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));

        sendAsOneBatch(List.of(first, second));

        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.batchItemsCommitted().contains(group + "second"));
        assertThat(listeners.traceIdOfBatchItem(group + "first")).isEqualTo(firstTrace);
        assertThat(listeners.traceIdOfBatchItem(group + "second")).isEqualTo(secondTrace);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                .containsPattern(firstTrace + "-[0-9a-f]{16}\\].*ConsumedRecordLog +: BatchItem [0-9a-f-]{36} key " + group
                        + " from " + BatchItem.TOPIC + "-\\d+@\\d+ handled in \\d+ ms")
                .containsPattern(secondTrace + "-[0-9a-f]{16}\\].*ConsumedRecordLog +: BatchItem "));
    }

    private double duplicates() {
        return metrics.counter("messaging.inbox.duplicates", "consumer", "messaging-test", "type", "BatchItem").count();
    }

    /** A record as the relay would publish it; the id is prefixed with the group, so each test sees its own. */
    static ProducerRecord<String, String> item(String group, String id, boolean fail, UUID eventId) {
        return CODEC.record(new BatchItem(group, group + id, fail), eventId, ZoneOffset.UTC);
    }

    /** Holds the batch listener while the records are sent, so that its next poll takes them all at once. */
    private void sendAsOneBatch(List<ProducerRecord<String, String>> records) {
        MessageListenerContainer container = registry.getListenerContainer(TestListeners.BATCH_LISTENER);
        container.pause();
        try {
            await().atMost(Duration.ofSeconds(30)).until(container::isContainerPaused);
            send(records);
        } finally {
            container.resume();
        }
    }

    static void send(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }
}
