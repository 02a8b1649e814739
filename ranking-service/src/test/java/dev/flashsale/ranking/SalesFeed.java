package dev.flashsale.ranking;

import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.messaging.MessageCodec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * Plays order-service's part on the real broker: publishes OrderCompleted records exactly as its
 * outbox relay would, then waits until the ranking has written them into its sales log.
 */
class SalesFeed {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KafkaTemplate<String, String> kafka;
    private final MessageCodec codec;
    private final JdbcClient jdbc;

    SalesFeed(KafkaTemplate<String, String> kafka, MessageCodec codec, JdbcClient jdbc) {
        this.kafka = kafka;
        this.codec = codec;
        this.jdbc = jdbc;
    }

    /** Publishes each order under a new event id and waits until all are in the sales log. */
    void publishAndAwait(OrderCompleted... orders) {
        for (OrderCompleted order : orders) {
            send(record(order, UUID.randomUUID()));
        }
        awaitRecorded(orders);
    }

    /** The record order-service's relay would publish for {@code order} under {@code eventId}. */
    ProducerRecord<String, String> record(OrderCompleted order, UUID eventId) {
        return codec.record(order, eventId, ZoneOffset.UTC);
    }

    /**
     * Sends the records, in this order, to the partition of the first one: one consumer reads them in
     * that order, so once the last is handled, so are all before it.
     */
    void sendInOrder(List<ProducerRecord<String, String>> records) {
        int partition = send(records.get(0));
        for (ProducerRecord<String, String> record : records.subList(1, records.size())) {
            send(new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers()));
        }
    }

    int send(ProducerRecord<String, String> record) {
        try {
            return kafka.send(record).get().getRecordMetadata().partition();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused " + record, e);
        }
    }

    void awaitRecorded(OrderCompleted... orders) {
        Long[] orderIds = Arrays.stream(orders).map(OrderCompleted::orderId).toArray(Long[]::new);
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(DISTINCT order_id) FROM sales_log WHERE order_id = ANY (?)")
                .param(orderIds).query(Integer.class).single() == orderIds.length);
    }

    boolean recorded(long orderId) {
        return linesOf(orderId) > 0;
    }

    /** The sales-log rows of an order. */
    int linesOf(long orderId) {
        return jdbc.sql("SELECT count(*) FROM sales_log WHERE order_id = ?").param(orderId).query(Integer.class).single();
    }
}
