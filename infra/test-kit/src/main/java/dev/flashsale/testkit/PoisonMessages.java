package dev.flashsale.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Messages no consumer can handle, sent ahead of a good one on the same partition, to show that a consumer
 * parks them on the topic's {@code .dlq} and goes on: not JSON, JSON without an envelope, and a message of a
 * type the consumer handles whose fields have the wrong types. Each carries a marker of its own, so a test
 * finds exactly its own records on the dead-letter topic.
 */
public final class PoisonMessages {

    private final String marker = UUID.randomUUID().toString();
    private final List<String> values;

    private PoisonMessages(String handledType) {
        values = List.of(
                "not json " + marker,
                "{\"marker\": \"" + marker + "\", \"no\": \"envelope\"}",
                "{\"eventId\": \"" + UUID.randomUUID() + "\", \"type\": \"" + handledType + "\", \"version\": 1, "
                        + "\"aggregateId\": \"" + marker + "\", \"occurredAt\": \"2026-11-22T10:00:00+09:00\", "
                        + "\"orderId\": \"" + marker + "\", \"userId\": [], \"items\": \"none\", \"amount\": {}}");
    }

    /** Poison for a consumer; the last one claims to be a {@code handledType} so it reaches the handler's mapping. */
    public static PoisonMessages of(String handledType) {
        return new PoisonMessages(handledType);
    }

    public List<String> values() {
        return values;
    }

    /** Sends the poison and then {@code next}, all under {@code next}'s key: one partition, in this order. */
    public void sendAhead(ProducerRecord<String, String> next) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            values.forEach(value -> records.add(new ProducerRecord<>(next.topic(), next.key(), value)));
            records.add(next);
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("could not send to " + next.topic(), e);
        }
    }

    /** Waits until every poison message is on {@code topic}'s dead-letter topic; fails with what is missing. */
    public void awaitDeadLettered(String deadLetterTopic, Duration timeout) {
        Set<String> expected = Set.copyOf(values);
        try (TopicReader reader = TopicReader.fromBeginning(deadLetterTopic)) {
            List<ConsumerRecord<String, String>> seen = reader.readUntil(
                    records -> records.stream().map(ConsumerRecord::value).collect(Collectors.toSet()).containsAll(expected),
                    timeout);
            Set<String> found = seen.stream().map(ConsumerRecord::value).filter(expected::contains).collect(Collectors.toSet());
            if (!found.containsAll(expected)) {
                throw new AssertionError("not dead-lettered on " + deadLetterTopic + " within " + timeout + ": "
                        + expected.stream().filter(value -> !found.contains(value)).toList());
            }
        }
    }
}
