package dev.flashsale.messaging;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes and reads the wire format: one JSON object holding the {@link Envelope} fields followed by
 * the message's own. The codec has its own mapper, so an application's JSON settings for HTTP can
 * never change what goes on the wire.
 */
public final class MessageCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    /** The JSON value of {@code message} with its envelope. */
    public String encode(Message message, Envelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put(Envelope.EVENT_ID, envelope.eventId().toString());
        node.put(Envelope.TYPE, envelope.type());
        node.put(Envelope.VERSION, envelope.version());
        node.put(Envelope.AGGREGATE_ID, envelope.aggregateId());
        node.put(Envelope.OCCURRED_AT, envelope.occurredAt().truncatedTo(ChronoUnit.MICROS).toString());
        node.setAll((ObjectNode) mapper.valueToTree(message));
        return mapper.writeValueAsString(node);
    }

    /** A new envelope for {@code message}: a fresh event id, now, in {@code zone}. */
    public Envelope envelopeFor(Message message, OffsetDateTime occurredAt) {
        MessageTypes.Descriptor type = MessageTypes.of(message.getClass());
        return new Envelope(UUID.randomUUID(), type.name(), type.version(), message.aggregateId(), occurredAt);
    }

    /**
     * The Kafka record the relay would publish for {@code message} under {@code eventId}: for tests
     * that play a service's part on the real broker, and for replaying by hand.
     */
    public ProducerRecord<String, String> record(Message message, UUID eventId, ZoneId zone) {
        MessageTypes.Descriptor type = MessageTypes.of(message.getClass());
        Envelope envelope = new Envelope(eventId, type.name(), type.version(), message.aggregateId(),
                OffsetDateTime.now(zone));
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), message.aggregateId(),
                encode(message, envelope));
        record.headers().add(Envelope.HEADER_EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Envelope.HEADER_TYPE, type.name().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Reads the envelope and keeps the body for {@link #payload}. */
    public IncomingMessage decode(String value) {
        if (value == null) {
            throw new MalformedMessageException("a message without a value", null);
        }
        try {
            JsonNode node = mapper.readTree(value);
            Envelope envelope = new Envelope(
                    UUID.fromString(text(node, Envelope.EVENT_ID)),
                    text(node, Envelope.TYPE),
                    node.path(Envelope.VERSION).asInt(1),
                    text(node, Envelope.AGGREGATE_ID),
                    OffsetDateTime.parse(text(node, Envelope.OCCURRED_AT)));
            return new IncomingMessage(envelope, node);
        } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new MalformedMessageException("not a message envelope: " + e.getMessage(), e);
        }
    }

    /** The message's own fields as {@code type}; the envelope fields are ignored. */
    public <T> T payload(IncomingMessage message, Class<T> type) {
        try {
            return mapper.treeToValue(message.body(), type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Canonical JSON of any value: records write their components in declaration order. */
    public String canonicalJson(Object value) {
        return mapper.writeValueAsString(value);
    }

    /** Reads JSON written by {@link #canonicalJson}. */
    public <T> T readJson(String json, Class<T> type) {
        return mapper.readValue(json, type);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asString();
    }

    /** A decoded envelope and the raw body it came with. */
    public record IncomingMessage(Envelope envelope, JsonNode body) {
    }
}
