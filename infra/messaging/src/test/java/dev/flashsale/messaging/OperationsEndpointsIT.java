package dev.flashsale.messaging;

import dev.flashsale.messaging.operations.DeadLetters;
import dev.flashsale.messaging.operations.DeadLettersEndpoint;
import dev.flashsale.messaging.operations.OutboxEndpoint;
import dev.flashsale.messaging.operations.OutboxReplay;
import dev.flashsale.messaging.testapp.Probe;
import dev.flashsale.messaging.testapp.TestListeners;
import dev.flashsale.testkit.SharedInfrastructure;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The operator's tools of docs/runbook.md: dead letters and their replay, and republishing the outbox. */
@MessagingIntegrationTest
class OperationsEndpointsIT {

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    TestListeners listeners;
    @Autowired
    DeadLettersEndpoint deadLetters;
    @Autowired
    OutboxEndpoint outboxEndpoint;

    @Test
    void replaysADeadLetterOnceItsCauseIsFixedAndSendsTheStillFailingOnesBackToTheDeadLetterTopic() {
        String broken = "broken-" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> outbox.append(new Probe(broken, true)));
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingIds().contains(broken));
        DeadLetters.Pending before = deadLetters.pending(Probe.TOPIC);
        assertThat(before.deadLetterTopic()).isEqualTo(Probe.TOPIC + ".dlq");
        assertThat(before.group()).isEqualTo("messaging-test");
        assertThat(before.first()).filteredOn(letter -> broken.equals(probeId(letter)))
                .singleElement().satisfies(letter -> {
                    assertThat(letter.type()).isEqualTo("Probe");
                    assertThat(letter.exception()).contains("fails on purpose");
                });

        listeners.heal(broken);
        DeadLetters.Replayed replayed = deadLetters.replay(Probe.TOPIC + ".dlq");

        assertThat(replayed.topic()).isEqualTo(Probe.TOPIC);
        assertThat(replayed.replayed()).isEqualTo(before.count());
        await().atMost(Duration.ofSeconds(60)).until(() -> listeners.probesHandled().contains(broken));
        // Every other dead letter still fails and is back in the dead-letter topic, once; the healed one is not.
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.pending(Probe.TOPIC).count() == before.count() - 1);
        assertThat(pendingIds()).doesNotContain(broken);
        assertThat(listeners.probesHandled()).containsOnlyOnce(broken);
    }

    /**
     * An unknown topic is bad input (actuator answers {@link InvalidEndpointRequestException} with 400), refused before
     * the broker is asked anything: no topic of that name, nor its dead-letter topic, comes to exist.
     */
    @Test
    void refusesATopicThisServiceDoesNotConsumeAndTouchesNothing() throws Exception {
        String unknown = "nobody.listens.here-" + UUID.randomUUID();
        for (String topic : List.of(unknown, unknown + ".dlq")) {
            assertThatThrownBy(() -> deadLetters.pending(topic))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("consumes no topic named " + topic)
                    .hasMessageContaining(Probe.TOPIC);
            assertThatThrownBy(() -> deadLetters.replay(topic))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("consumes no topic named " + topic)
                    .hasMessageContaining(Probe.TOPIC);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafkaBootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(unknown, unknown + ".dlq");
        }
    }

    @Test
    void republishesTheKeptMessagesOfATimeRangeWithTheirOwnEventIdsAndConsumersSkipThem() {
        String id = "again-" + UUID.randomUUID();
        OffsetDateTime from = OffsetDateTime.now().minusSeconds(1);
        try (TopicReader wire = TopicReader.fromBeginning(Probe.TOPIC)) {
            transactions.executeWithoutResult(status -> outbox.append(new Probe(id, false)));
            await().atMost(Duration.ofSeconds(60)).until(() -> listeners.probesHandled().contains(id));
            assertThat(outboxEndpoint.retained()).anySatisfy(kept -> {
                assertThat(kept.topic()).isEqualTo(Probe.TOPIC);
                assertThat(kept.rows()).isPositive();
            });

            OutboxReplay.Republished republished = outboxEndpoint.republish(from, OffsetDateTime.now().plusSeconds(1), Probe.TOPIC);

            assertThat(republished.messages()).isPositive();
            List<ConsumerRecord<String, String>> copies = wire.readUntil(
                    seen -> seen.stream().filter(r -> r.value().contains(id)).count() == 2, Duration.ofSeconds(30))
                    .stream().filter(r -> r.value().contains(id)).toList();
            assertThat(copies).hasSize(2);
            assertThat(OutboxRelayIT.header(copies.get(1), "id")).isEqualTo(OutboxRelayIT.header(copies.get(0), "id"));
            assertThat(copies.get(1).value()).isEqualTo(copies.get(0).value());
        }
        assertThat(listeners.probesHandled()).containsOnlyOnce(id);
    }

    /**
     * A range that is empty or reversed is bad input (400 from actuator), refused before any row is touched: a message
     * the range would otherwise cover is not sent again.
     */
    @Test
    void refusesAnEmptyOrReversedTimeRangeAndRepublishesNothing() {
        String id = "not-again-" + UUID.randomUUID();
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        try (TopicReader wire = TopicReader.fromBeginning(Probe.TOPIC)) {
            transactions.executeWithoutResult(status -> outbox.append(new Probe(id, false)));
            await().atMost(Duration.ofSeconds(60)).until(() -> listeners.probesHandled().contains(id));
            OffsetDateTime after = OffsetDateTime.now().plusSeconds(1);

            assertThatThrownBy(() -> outboxEndpoint.republish(before, before, null))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("must be before");
            assertThatThrownBy(() -> outboxEndpoint.republish(after, before, Probe.TOPIC))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("must be before");

            wire.readUntil(seen -> seen.stream().anyMatch(r -> r.value().contains(id)), Duration.ofSeconds(30));
            // Everything read since the reader opened, a few seconds more: time enough for a copy the relay would send.
            assertThat(wire.readFor(Duration.ofSeconds(3))).filteredOn(r -> r.value().contains(id)).hasSize(1);
        }
        assertThat(listeners.probesHandled()).containsOnlyOnce(id);
    }

    private List<String> pendingIds() {
        return deadLetters.pending(Probe.TOPIC).first().stream().map(OperationsEndpointsIT::probeId).toList();
    }

    /** The probe's id, from the dead letter's key-independent description: its event's exception names it. */
    private static String probeId(DeadLetters.DeadLetter letter) {
        String exception = letter.exception() == null ? "" : letter.exception();
        int start = exception.indexOf("probe ");
        int end = exception.indexOf(" fails on purpose");
        return start < 0 || end < 0 ? "" : exception.substring(start + 6, end);
    }
}
