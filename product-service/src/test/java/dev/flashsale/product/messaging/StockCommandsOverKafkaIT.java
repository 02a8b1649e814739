package dev.flashsale.product.messaging;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.StockRows;
import dev.flashsale.product.StockRows.Counters;
import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.flashsale.product.TestData.completed;
import static dev.flashsale.product.TestData.line;
import static org.awaitility.Awaitility.await;
import static dev.flashsale.product.TestData.newOrderId;
import static dev.flashsale.product.TestData.newVariant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's commands through the real broker, as order-service's relay would publish them, and the replies
 * read from the real reply topic. Every command of one order has the order id as its key, so they are handled in
 * the order they were sent.
 */
@ProductIntegrationTest
class StockCommandsOverKafkaIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    MeterRegistry metrics;

    private final MessageCodec codec = new MessageCodec();
    private final StockRows rows;

    @Autowired
    StockCommandsOverKafkaIT(JdbcTemplate jdbc) {
        this.rows = new StockRows(jdbc);
    }

    @Test
    void redeliveredAndRepeatedCommandsChangeNothingTheSecondTime() throws Exception {
        Variant variant = newVariant(catalog, 10);
        long orderId = newOrderId();
        ReserveStock reserve = new ReserveStock(orderId, List.of(line(variant, 3)));
        UUID reserveEvent = UUID.randomUUID();
        UUID completedEvent = UUID.randomUUID();
        double duplicatesBefore = duplicates();

        try (TopicReader replyTopic = TopicReader.fromBeginning(Topics.ORDER_SAGA_REPLIES)) {
            send(reserve, reserveEvent);
            send(reserve, reserveEvent);                            // redelivered: the inbox skips it, no reply
            send(reserve, UUID.randomUUID());                       // retried by the orchestrator: answered again
            repliesTo(orderId, replyTopic, answers -> answers.size() >= 2);
            send(completed(orderId, variant, 3), completedEvent);   // the order is paid: its units are sold
            send(completed(orderId, variant, 3), completedEvent);   // redelivered
            await().atMost(PATIENCE).until(() -> rows.counters(variant.id()).equals(new Counters(7, 0, 3)));
            send(new ReleaseStock(orderId), UUID.randomUUID());     // a release after the sale gives nothing back

            List<SagaMessage> replies = repliesTo(orderId, replyTopic, answers -> answers.size() >= 3);

            assertThat(replies).hasSize(3);
            assertThat(replies.get(0)).isInstanceOf(StockReserved.class);
            assertThat(replies).containsExactly(replies.get(0), replies.get(0), new StockReleased(orderId));
            assertThat(repliesTo(orderId, replyTopic.readFor(Duration.ofSeconds(1)))).hasSize(3);
        }
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(7, 0, 3));
        assertThat(duplicates()).isEqualTo(duplicatesBefore + 2);
    }

    @Test
    void aRejectionTravelsBackOverKafkaAndReleasingTheRejectedOrderChangesNothing() throws Exception {
        Variant variant = newVariant(catalog, 2);
        long orderId = newOrderId();

        try (TopicReader replyTopic = TopicReader.fromBeginning(Topics.ORDER_SAGA_REPLIES)) {
            send(new ReserveStock(orderId, List.of(line(variant, 3))), UUID.randomUUID());
            send(new ReleaseStock(orderId), UUID.randomUUID());

            List<SagaMessage> replies = repliesTo(orderId, replyTopic, answers -> answers.size() >= 2);

            assertThat(replies).containsExactly(
                    new StockReservationFailed(orderId, ErrorCode.OUT_OF_STOCK, variant.id(),
                            "variant " + variant.id() + " has 2 left, 3 requested"),
                    new StockReleased(orderId));
        }
        assertThat(rows.counters(variant.id())).isEqualTo(new Counters(2, 0, 0));
    }

    private void send(Message command, UUID eventId) throws Exception {
        kafka.send(codec.record(command, eventId, ZoneId.of("Asia/Seoul"))).get();
    }

    private List<SagaMessage> repliesTo(long orderId, TopicReader replyTopic, Predicate<List<SagaMessage>> enough) {
        return repliesTo(orderId, replyTopic.readUntil(records -> enough.test(repliesTo(orderId, records)), PATIENCE));
    }

    private List<SagaMessage> repliesTo(long orderId, List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .filter(record -> Long.toString(orderId).equals(record.key()))
                .map(record -> rows.decode(codec.decode(record.value()).envelope().type(), record.value()))
                .toList();
    }

    private double duplicates() {
        return metrics.find("messaging.inbox.duplicates").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
