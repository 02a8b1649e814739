package dev.flashsale.messaging;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.messaging.testapp.TestEvent;
import dev.flashsale.messaging.testapp.TestListeners;
import dev.flashsale.testkit.TopicReader;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace follows a message: the span that wrote the outbox row, the row's traceparent, the Kafka
 * header the relay sets from it, the listener that continues it, and the message that listener sends.
 */
@MessagingIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TracePropagationIT {

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Tracer tracer;
    @Autowired
    TestListeners listeners;

    @Test
    void oneTraceFollowsAMessageThroughTheRelayTheListenerAndTheNextMessage(CapturedOutput output) {
        String aggregate = "traced-" + UUID.randomUUID();
        Span span = tracer.nextSpan().name("place order").start();
        UUID eventId;
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            eventId = transactions.execute(status -> outbox.append(new TestEvent(aggregate, 0, TestListeners.FORWARD)));
        } finally {
            span.end();
        }
        String traceId = span.context().traceId();
        String traceparent = "00-" + traceId + "-" + span.context().spanId() + "-01";

        assertThat(traceparentOfRow(eventId)).isEqualTo(traceparent);
        assertThat(traceparentOnTheWire(aggregate)).isEqualTo(traceparent);
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.traceIdOfProbe(aggregate) != null);
        assertThat(listeners.traceIdOfEvent(aggregate)).as("trace of the listener").isEqualTo(traceId);
        assertThat(listeners.traceIdOfProbe(aggregate)).as("trace of the message the listener sent").isEqualTo(traceId);
        // Each record handled is logged in its trace, so the trace id finds it in the log.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut()).containsPattern(
                traceId + "-[0-9a-f]{16}\\].*ConsumedRecordLog +: TestEvent " + eventId + " key " + aggregate
                        + " from " + TestEvent.TOPIC + "-\\d+@\\d+ handled in \\d+ ms"));
    }

    @Test
    void aMessageWrittenOutsideAnyTraceStartsOneAtItsListener() {
        String aggregate = "untraced-" + UUID.randomUUID();
        UUID eventId = transactions.execute(status -> outbox.append(new TestEvent(aggregate, 0, "no trace")));

        assertThat(traceparentOfRow(eventId)).isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.traceIdOfEvent(aggregate) != null);
        assertThat(listeners.traceIdOfEvent(aggregate)).matches("[0-9a-f]{32}");
    }

    private String traceparentOfRow(UUID eventId) {
        return jdbc.queryForObject("SELECT traceparent FROM messaging.outbox WHERE id = ?", String.class, eventId);
    }

    private String traceparentOnTheWire(String aggregate) {
        try (TopicReader wire = TopicReader.fromBeginning(TestEvent.TOPIC)) {
            List<ConsumerRecord<String, String>> records = wire.readUntil(
                    seen -> seen.stream().anyMatch(record -> aggregate.equals(record.key())), Duration.ofSeconds(30));
            Header header = records.stream().filter(record -> aggregate.equals(record.key())).findFirst().orElseThrow()
                    .headers().lastHeader(Envelope.HEADER_TRACEPARENT);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
