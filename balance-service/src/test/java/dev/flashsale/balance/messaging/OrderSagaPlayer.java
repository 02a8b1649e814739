package dev.flashsale.balance.messaging;

import dev.flashsale.contracts.Messages;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plays order-service's part on the real broker: sends saga commands as its relay would, and reads
 * the replies this service publishes on the saga's reply topic.
 */
final class OrderSagaPlayer implements AutoCloseable {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Map<String, Class<? extends SagaMessage>> REPLY_TYPES = Messages.ALL.stream()
            .filter(SagaMessage.class::isAssignableFrom)
            .map(type -> type.asSubclass(SagaMessage.class))
            .collect(Collectors.toMap(type -> MessageTypes.of(type).name(), Function.identity()));

    private final KafkaTemplate<String, String> kafka;
    private final MessageCodec codec;
    private final TopicReader replies = TopicReader.fromBeginning(Topics.ORDER_SAGA_REPLIES);

    OrderSagaPlayer(KafkaTemplate<String, String> kafka, MessageCodec codec) {
        this.kafka = kafka;
        this.codec = codec;
    }

    /** Sends every command at once, as a relay publishes a batch, and waits until the broker has them all. */
    void sendAll(List<? extends SagaMessage> commands) {
        commands.forEach(command -> kafka.send(codec.record(command, UUID.randomUUID(), SEOUL)));
        kafka.flush();
    }

    /** Sends {@code command} under a new event id; returns the id, to send it again as a redelivery. */
    UUID send(SagaMessage command) {
        return send(command, UUID.randomUUID());
    }

    UUID send(SagaMessage command, UUID eventId) {
        try {
            kafka.send(codec.record(command, eventId, SEOUL)).get();
            return eventId;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send " + command, e);
        }
    }

    /** Waits until {@code count} replies for the order have arrived; returns every one seen, in order. */
    List<SagaMessage> awaitReplies(long orderId, int count) {
        List<SagaMessage> seen = repliesFor(orderId, replies.readUntil(
                records -> repliesFor(orderId, records).size() >= count, Duration.ofSeconds(30)));
        if (seen.size() < count) {
            throw new AssertionError("expected " + count + " replies for order " + orderId + ", got " + seen);
        }
        return seen;
    }

    /** Every reply for the order after reading for a while longer: shows that no further reply comes. */
    List<SagaMessage> repliesAfterQuietPeriod(long orderId) {
        return repliesFor(orderId, replies.readFor(Duration.ofSeconds(2)));
    }

    private List<SagaMessage> repliesFor(long orderId, List<ConsumerRecord<String, String>> records) {
        String key = Long.toString(orderId);
        return records.stream()
                .filter(record -> key.equals(record.key()))
                .map(record -> {
                    MessageCodec.IncomingMessage message = codec.decode(record.value());
                    return (SagaMessage) codec.payload(message, REPLY_TYPES.get(message.envelope().type()));
                })
                .toList();
    }

    @Override
    public void close() {
        replies.close();
    }
}
