package dev.flashsale.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A plain Kafka consumer that reads topics from their beginning in a group of its own, as the
 * external data platform would: what it sees is what is on the wire, duplicates included.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicReader(String bootstrapServers, List<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(topics);
    }

    /** Reads {@code topics} of the JVM's shared broker. */
    public static TopicReader fromBeginning(String... topics) {
        return on(SharedInfrastructure.kafkaBootstrapServers(), topics);
    }

    public static TopicReader on(String bootstrapServers, String... topics) {
        return new TopicReader(bootstrapServers, List.of(topics));
    }

    /**
     * Polls until everything read so far satisfies {@code done}, or the time is up.
     *
     * @return every record read since this reader was opened
     */
    public List<ConsumerRecord<String, String>> readUntil(Predicate<List<ConsumerRecord<String, String>>> done,
                                                          Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        } while (!done.test(seen) && Instant.now().isBefore(deadline));
        return List.copyOf(seen);
    }

    /** Reads for {@code duration}: to show that something does not arrive. */
    public List<ConsumerRecord<String, String>> readFor(Duration duration) {
        return readUntil(records -> false, duration);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
