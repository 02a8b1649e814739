package dev.flashsale.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.messaging.relay.OutboxRelay;
import dev.flashsale.messaging.testapp.BatchItem;
import dev.flashsale.messaging.testapp.Probe;
import dev.flashsale.messaging.testapp.TestListeners;
import dev.flashsale.testkit.SharedInfrastructure;
import dev.flashsale.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's database away for longer than a poison message's tries take (3 tries with a second's pool timeout
 * each, about 3.5 s in this test's configuration; about two minutes with the defaults): the messages that arrive
 * meanwhile wait, holding their partitions, and are handled once it is back. None is dead-lettered.
 */
@MessagingIntegrationTest
class OutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(12);

    @Autowired
    TestListeners listeners;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    OutboxRelay relay;

    @Test
    void messagesThatArriveWhileTheDatabaseIsAwayWaitForItAndNoneIsDeadLettered() throws Exception {
        String probe = "outage-" + UUID.randomUUID();
        String group = "outage-" + UUID.randomUUID();
        double deadLetteredBefore = metrics.counter("messaging.dead.lettered", "topic", Probe.TOPIC).count()
                + metrics.counter("messaging.dead.lettered", "topic", BatchItem.TOPIC).count();
        String database = jdbc.queryForObject("SELECT current_database()", String.class);
        JdbcTemplate admin = new JdbcTemplate(SharedInfrastructure.postgres().adminDataSource());

        try (TopicReader deadLetters = TopicReader.fromBeginning(Topics.deadLetter(Probe.TOPIC), Topics.deadLetter(BatchItem.TOPIC))) {
            admin.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
            try {
                admin.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?", database);
                BatchDispatchIT.send(List.of(
                        new MessageCodec().record(new Probe(probe, false), UUID.randomUUID(), ZoneOffset.UTC),
                        BatchDispatchIT.item(group, "waits", false, UUID.randomUUID())));
                Thread.sleep(OUTAGE.toMillis());
                assertThat(listeners.probesHandled()).doesNotContain(probe);
            } finally {
                admin.execute("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> listeners.probesHandled().contains(probe)
                    && listeners.batchItemsCommitted().contains(group + "waits"));
            assertThat(listeners.probeAttempts(probe)).as("tries that reached the handler").isOne();
            List<ConsumerRecord<String, String>> dead = deadLetters.readFor(Duration.ofSeconds(3));
            assertThat(dead).noneMatch(record -> record.value().contains(probe) || record.value().contains(group));
            assertThat(metrics.counter("messaging.dead.lettered", "topic", Probe.TOPIC).count()
                    + metrics.counter("messaging.dead.lettered", "topic", BatchItem.TOPIC).count()).isEqualTo(deadLetteredBefore);
        } finally {
            // The relay lost its sessions too; the next test class expects it streaming again.
            await().atMost(Duration.ofSeconds(90)).until(relay::isStreaming);
        }
    }
}
