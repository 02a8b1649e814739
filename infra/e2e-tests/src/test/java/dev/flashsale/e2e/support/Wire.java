package dev.flashsale.e2e.support;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.PublicEventSchemas;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The broker as the tests see it: a plain consumer reading topics from their beginning (what the external data
 * platform would see), a producer that plays a participant by re-publishing its replies, and the consumer
 * groups' committed offsets, to know when a service has handled what was published.
 */
public final class Wire implements AutoCloseable {

    private static final List<Class<? extends Message>> REPLIES = List.of(StockReserved.class,
            StockReservationFailed.class, StockReleased.class, CouponApplied.class,
            CouponRejected.class, CouponRestored.class, BalanceDeducted.class, BalanceDeductionFailed.class,
            BalanceRefunded.class);
    private static final Map<String, Class<? extends Message>> REPLY_TYPES = REPLIES.stream()
            .collect(Collectors.toMap(type -> MessageTypes.of(type).name(), Function.identity()));

    private final E2eStack stack;
    private final MessageCodec codec = new MessageCodec();
    private KafkaProducer<String, String> producer;
    private Admin admin;

    public Wire(E2eStack stack) {
        this.stack = stack;
    }

    /**
     * Reads {@code topic} from its beginning until every key of {@code keys} has at least {@code perKey} records,
     * and returns the records of those keys.
     */
    public List<ConsumerRecord<String, String>> awaitRecords(String topic, Collection<?> keys, int perKey,
                                                             Duration within) {
        Set<String> wanted = keys.stream().map(String::valueOf).collect(Collectors.toSet());
        try (TopicReader reader = TopicReader.on(stack.kafkaBootstrapServers(), topic)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(read -> wanted.stream().allMatch(key ->
                    read.stream().filter(record -> key.equals(record.key())).count() >= perKey), within);
            List<ConsumerRecord<String, String>> ours = records.stream().filter(record -> wanted.contains(record.key()))
                    .toList();
            Set<String> missing = wanted.stream().filter(key -> ours.stream().filter(record -> key.equals(record.key()))
                    .count() < perKey).collect(Collectors.toSet());
            if (!missing.isEmpty()) {
                throw new AssertionError("within " + within + " " + topic + " did not carry " + perKey
                        + " record(s) for keys " + missing);
            }
            return validOnPublicTopics(ours);
        }
    }

    /**
     * Everything {@code topics} hold for {@code keys} right now: reads every partition from its beginning up to the
     * end offset it has when called (no consumer group, so no wait to join one). For what must NOT be there (a
     * second event, a command nobody should have sent), once what must be there was seen.
     */
    public List<ConsumerRecord<String, String>> recordsFor(Collection<?> keys, String... topics) {
        Set<String> wanted = keys.stream().map(String::valueOf).collect(Collectors.toSet());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = Stream.of(topics)
                    .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> ours = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + List.of(topics) + " to their end within a minute");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (wanted.contains(record.key())) {
                        ours.add(record);
                    }
                });
            }
            return validOnPublicTopics(ours);
        }
    }

    /**
     * Every command and event the saga sent for one order of {@code userId}: the commands and events keyed by the
     * order, and the balance commands, which are keyed by the user (one consumer per balance row,
     * docs/services/balance-service.md) and told apart by the order id they carry.
     */
    public List<ConsumerRecord<String, String>> sagaMessagesOf(long orderId, long userId) {
        List<ConsumerRecord<String, String>> sent = new ArrayList<>(recordsFor(List.of(orderId),
                Topics.STOCK_COMMANDS, Topics.COUPON_COMMANDS,
                Topics.ORDER_COMPLETED, Topics.ORDER_CANCELLED));
        recordsFor(List.of(userId), Topics.BALANCE_COMMANDS).stream()
                .filter(record -> codec.decode(record.value()).body().path("orderId").asLong() == orderId)
                .forEach(sent::add);
        return sent;
    }

    /** The saga replies of one order, in the order order-service received them (one partition per order). */
    public List<ConsumerRecord<String, String>> awaitReplies(long orderId, int atLeast) {
        return awaitRecords(Topics.ORDER_SAGA_REPLIES, List.of(orderId), atLeast,
                Duration.ofSeconds(30));
    }

    /** Publishes the record again exactly as it was: a redelivery, same event id. */
    public RecordMetadata redeliver(ConsumerRecord<String, String> record) {
        ProducerRecord<String, String> copy = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach(header -> copy.headers().add(header));
        return send(copy);
    }

    /** Publishes the same reply again under a new event id, as a participant answering a second time would. */
    public RecordMetadata republishAsNew(ConsumerRecord<String, String> record) {
        MessageCodec.IncomingMessage incoming = codec.decode(record.value());
        Class<? extends Message> type = REPLY_TYPES.get(incoming.envelope().type());
        if (type == null) {
            throw new IllegalArgumentException("not a saga reply: " + incoming.envelope().type());
        }
        return send(codec.record(codec.payload(incoming, type), UUID.randomUUID(), ZoneId.of("Asia/Seoul")));
    }

    /** Waits until consumer group {@code group} has committed past every one of {@code published}: it handled them. */
    public void awaitHandled(String group, Collection<RecordMetadata> published, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
            boolean handled = published.stream().allMatch(sent -> {
                OffsetAndMetadata offset = committed.get(new TopicPartition(sent.topic(), sent.partition()));
                return offset != null && offset.offset() > sent.offset();
            });
            if (handled) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(group + " did not handle " + published + " within " + within);
            }
            Shop.pause(Duration.ofMillis(100));
        }
    }

    /**
     * Every record read from a topic the external data platform reads is held against that topic's JSON Schema
     * (docs/events.md), so each end-to-end test that looks at a public event checks what really went out.
     */
    private static List<ConsumerRecord<String, String>> validOnPublicTopics(List<ConsumerRecord<String, String>> records) {
        records.stream().filter(record -> PublicEventSchemas.TOPICS.contains(record.topic()))
                .forEach(record -> PublicEventSchemas.assertValid(record.topic(), record.value()));
        return records;
    }

    public static String type(ConsumerRecord<String, String> record) {
        return header(record, Envelope.HEADER_TYPE);
    }

    public static String eventId(ConsumerRecord<String, String> record) {
        return header(record, Envelope.HEADER_EVENT_ID);
    }

    public static List<String> types(Collection<ConsumerRecord<String, String>> records) {
        return records.stream().map(Wire::type).toList();
    }

    /** The distinct event ids per key. */
    public static Map<String, Set<String>> eventIdsByKey(Stream<ConsumerRecord<String, String>> records) {
        return records.collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(Wire::eventId, Collectors.toSet())));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private RecordMetadata send(ProducerRecord<String, String> record) {
        try {
            return producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        try {
            return admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the offsets of " + group, e);
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        }
        return producer;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
    }
}
