package dev.flashsale.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.messaging.testapp.Probe;
import dev.flashsale.messaging.testapp.TestListeners;
import dev.flashsale.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.flashsale.messaging.listeners.KafkaListenersHealthIndicator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Status;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@MessagingIntegrationTest
class DeadLetterIT {

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    TestListeners listeners;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    KafkaListenersHealthIndicator listenerHealth;
    @Value("${spring.kafka.consumer.fetch-max-wait}")
    Duration fetchMaxWait;

    /**
     * Tries are counted per consumer: a rebalance in the middle of them (a fresh context's consumers still joining)
     * would hand the partition to another consumer that counts from one again.
     */
    @BeforeEach
    void everyConsumerHasItsPartitions() {
        await().atMost(Duration.ofSeconds(30)).until(() -> listenerHealth.health(false).getStatus().equals(Status.UP));
    }

    @Test
    void retriesAFailingHandlerThenDeadLettersItAndGoesOnWithTheNextMessageOfThePartition() {
        String poison = "poison-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        double deadLetteredBefore = deadLettered();
        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.deadLetter(Probe.TOPIC))) {
            // One aggregate id, so both land on one partition, the poison first.
            transactions.executeWithoutResult(status -> outbox.append(new Probe(poison, true)));
            transactions.executeWithoutResult(status -> outbox.append(new Probe(next, false)));

            await().atMost(Duration.ofSeconds(60)).until(() -> listeners.probesHandled().contains(next));

            assertThat(listeners.probeAttempts(poison)).isEqualTo(3);
            // The tries follow the back-off (50 and 100 ms here): a retry is handed the record the consumer holds. A
            // seek back would wait for the fetch in flight first, up to fetch-max-wait (2 s) per try.
            assertThat(listeners.probeAttemptsSpan(poison)).isLessThan(fetchMaxWait);
            assertThat(listeners.probesHandled()).doesNotContain(poison);
            ConsumerRecord<String, String> dead = deadLetters.readUntil(
                            seen -> seen.stream().anyMatch(r -> r.value().contains(poison)), Duration.ofSeconds(30))
                    .stream().filter(r -> r.value().contains(poison)).findFirst().orElseThrow();
            assertThat(OutboxRelayIT.header(dead, "kafka_dlt-exception-message")).contains("fails on purpose");
            assertThat(OutboxRelayIT.header(dead, "kafka_dlt-original-topic")).isEqualTo(Probe.TOPIC);
            assertThat(deadLettered()).isEqualTo(deadLetteredBefore + 1);
        }
    }

    @Test
    void sendsAnUnreadableMessageToTheDeadLetterTopicAsMalformed() throws Exception {
        String garbage = "this is not json " + UUID.randomUUID();
        String next = "after-garbage-" + UUID.randomUUID();
        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.deadLetter(Probe.TOPIC))) {
            kafka.send(Probe.TOPIC, "probes", garbage).get();
            transactions.executeWithoutResult(status -> outbox.append(new Probe(next, false)));

            await().atMost(Duration.ofSeconds(60)).until(() -> listeners.probesHandled().contains(next));

            List<ConsumerRecord<String, String>> dead = deadLetters.readUntil(
                    seen -> seen.stream().anyMatch(r -> r.value().equals(garbage)), Duration.ofSeconds(30));
            assertThat(dead).anyMatch(r -> r.value().equals(garbage)
                    && OutboxRelayIT.header(r, "kafka_dlt-exception-cause-fqcn").equals(MalformedMessageException.class.getName()));
        }
    }

    @Test
    void handlesARedeliveredMessageOnlyOnce() throws Exception {
        String id = "twice-" + UUID.randomUUID();
        String fence = "fence-" + UUID.randomUUID();
        MessageCodec codec = new MessageCodec();
        UUID eventId = UUID.randomUUID();
        double duplicatesBefore = metrics.counter("messaging.inbox.duplicates", "consumer", "messaging-test", "type", "Probe").count();

        kafka.send(codec.record(new Probe(id, false), eventId, java.time.ZoneOffset.UTC)).get();
        kafka.send(codec.record(new Probe(id, false), eventId, java.time.ZoneOffset.UTC)).get();
        kafka.send(codec.record(new Probe(fence, false), UUID.randomUUID(), java.time.ZoneOffset.UTC)).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> listeners.probesHandled().contains(fence));
        assertThat(listeners.probeAttempts(id)).isEqualTo(1);
        assertThat(metrics.counter("messaging.inbox.duplicates", "consumer", "messaging-test", "type", "Probe").count())
                .isEqualTo(duplicatesBefore + 1);
    }

    private double deadLettered() {
        return metrics.counter("messaging.dead.lettered", "topic", Probe.TOPIC).count();
    }
}
