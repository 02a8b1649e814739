package dev.flashsale.messaging.operations;

import dev.flashsale.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The dead letters of this service's listeners, and their replay.
 *
 * <p>A dead letter is a message a listener gave up on (see the error handler of the messaging auto-configuration):
 * it sits in {@code <topic>.dlq} with the exception in its headers. Once the cause is fixed (a bug deployed away,
 * a participant back), a replay sends every dead letter of this service back to the topic it came from, with its
 * key, value and original headers (the event id among them), and the listener handles it as if it had just
 * arrived. Handlers are idempotent per event id, so a replay never applies a message twice, and one that still
 * fails simply lands in the dead-letter topic again.
 *
 * <p>What was replayed is remembered as the committed offsets of a consumer group of its own,
 * {@code <listener group>.dlq-replay}, so a dead letter is replayed once, however often the operator asks. A
 * dead-letter topic may also hold the dead letters of another service's group consuming the same topic: those are
 * left to that service (the {@code kafka_dlt-original-consumer-group} header says whose each one is).
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final int SHOWN = 20;

    private final Map<String, Object> kafkaConfig;
    private final Supplier<Map<String, String>> groupByTopic;

    /**
     * @param kafkaConfig  connection settings for the reading consumer and the replaying producer
     * @param groupByTopic the topics this service's listeners consume, each with its listener's consumer group
     */
    public DeadLetters(Map<String, Object> kafkaConfig, Supplier<Map<String, String>> groupByTopic) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.groupByTopic = groupByTopic;
    }

    /** A dead letter as an operator needs to see it. */
    public record DeadLetter(int partition, long offset, String key, String eventId, String type,
                             String exception, Instant deadLetteredAt) {
    }

    /** The dead letters of one consumed topic that were not replayed yet; {@code first} shows up to 20. */
    public record Pending(String topic, String deadLetterTopic, String group, int count, List<DeadLetter> first) {
    }

    /** What a replay did: {@code replayed} sent back to {@code topic}. */
    public record Replayed(String topic, int replayed) {
    }

    /** The topics whose dead letters this service owns. */
    public Set<String> topics() {
        return groupByTopic.get().keySet();
    }

    /**
     * The consumed topic {@code name} means: {@code name} itself or, given as a dead-letter topic, the topic it is the
     * dead-letter topic of; empty when this service's listeners consume no such topic. What the operator endpoint
     * checks its input with before asking for {@link #pending(String)} or {@link #replay(String)}.
     */
    public Optional<String> consumedTopic(String name) {
        String suffix = Topics.deadLetter("");
        String topic = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
        return groupByTopic.get().containsKey(topic) ? Optional.of(topic) : Optional.empty();
    }

    /** Every consumed topic's pending dead letters. */
    public List<Pending> pending() {
        List<Pending> all = new ArrayList<>();
        for (String topic : topics()) {
            all.add(pending(topic));
        }
        return all;
    }

    /**
     * The pending dead letters of {@code topic} (the consumed topic, or its dead-letter topic).
     *
     * @throws IllegalArgumentException if this service consumes no such topic ({@link #consumedTopic(String)} says)
     */
    public Pending pending(String topic) {
        String consumed = requireConsumed(topic);
        String group = groupByTopic.get().get(consumed);
        List<DeadLetter> shown = new ArrayList<>();
        int count = read(consumed, group, record -> {
            if (shown.size() < SHOWN) {
                shown.add(describe(record));
            }
        }, null);
        return new Pending(consumed, Topics.deadLetter(consumed), group, count, shown);
    }

    /**
     * Sends every pending dead letter of {@code topic} back to it, and remembers that it did.
     *
     * @throws IllegalArgumentException if this service consumes no such topic ({@link #consumedTopic(String)} says)
     */
    public synchronized Replayed replay(String topic) {
        String consumed = requireConsumed(topic);
        String group = groupByTopic.get().get(consumed);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            int replayed = read(consumed, group, record -> sent.add(producer.send(new ProducerRecord<>(
                    consumed, null, record.key(), record.value(), originalHeaders(record.headers())))),
                    () -> awaitAll(sent));
            log.info("Replayed {} dead letters of {} for consumer group {}", replayed, consumed, group);
            return new Replayed(consumed, replayed);
        }
    }

    /**
     * Reads {@code topic}'s dead letters of {@code group} from where the last replay stopped up to the end as it is
     * now, hands each to {@code action}, and counts them. With a {@code beforeCommit} (which waits until what the
     * action sent is acknowledged), the replay group's offsets then move to that end: a replay that fails halfway
     * is repeated from its start by the next one (the handlers are idempotent).
     */
    private int read(String topic, String group, Consumer<ConsumerRecord<byte[], byte[]>> action,
                     Runnable beforeCommit) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(group))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo partition : consumer.partitionsFor(Topics.deadLetter(topic), READ_TIMEOUT)) {
                partitions.add(new TopicPartition(partition.topic(), partition.partition()));
            }
            if (partitions.isEmpty()) {
                return 0;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), READ_TIMEOUT);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, READ_TIMEOUT);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                consumer.seek(partition, done == null ? beginning.get(partition) : Math.max(done.offset(), beginning.get(partition)));
            }
            int count = 0;
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (!reached(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + Topics.deadLetter(topic) + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && belongsTo(record, group)) {
                        action.accept(record);
                        count++;
                    }
                }
            }
            if (beforeCommit != null) {
                beforeCommit.run();
                Map<TopicPartition, OffsetAndMetadata> replayedUpTo = new HashMap<>();
                end.forEach((partition, offset) -> replayedUpTo.put(partition, new OffsetAndMetadata(offset)));
                consumer.commitSync(replayedUpTo, READ_TIMEOUT);
            }
            return count;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), READ_TIMEOUT) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean belongsTo(ConsumerRecord<byte[], byte[]> record, String group) {
        String original = header(record.headers(), KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
        return original == null || original.equals(group);
    }

    /** The record's headers without those the dead-letter publisher added. */
    private static Headers originalHeaders(Headers headers) {
        RecordHeaders original = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().startsWith("kafka_dlt-")) {
                original.add(header);
            }
        }
        return original;
    }

    private static DeadLetter describe(ConsumerRecord<byte[], byte[]> record) {
        return new DeadLetter(record.partition(), record.offset(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                header(record.headers(), "id"), header(record.headers(), "type"),
                header(record.headers(), KafkaHeaders.DLT_EXCEPTION_MESSAGE), Instant.ofEpochMilli(record.timestamp()));
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The consumed topic {@code name} means; a caller that did not check it first has a bug. */
    private String requireConsumed(String name) {
        return consumedTopic(name).orElseThrow(() -> new IllegalArgumentException(
                "this service consumes no topic named " + name + "; it consumes " + topics()));
    }

    private Map<String, Object> consumerConfig(String group) {
        Map<String, Object> config = new LinkedHashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group + ".dlq-replay");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-dlq-replay");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new LinkedHashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> send : sent) {
            try {
                send.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a replayed dead letter was not acknowledged; nothing is marked replayed", e);
            }
        }
    }
}
