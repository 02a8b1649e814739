package dev.flashsale.messaging;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaUtils;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Hands each record of a listener to the handler of its type, exactly once per consumer:
 * <pre>
 * dispatcher = inbox.dispatcher()
 *         .on(DeductBalance.class, payments::deduct)
 *         .on(RefundBalance.class, payments::refund)
 *         .build();
 *
 * &#64;KafkaListener(topics = Topics.BALANCE_COMMANDS)
 * void on(ConsumerRecord&lt;String, String&gt; record) {
 *     dispatcher.dispatch(record);
 * }
 * </pre>
 * The consumer's name is the listener's group id. A handler's exception rolls its transaction back
 * and reaches the container's error handler: retried with back-off, then dead-lettered. A type with
 * no handler (a message this service does not care about) is acknowledged and counted as ignored.
 */
public final class MessageDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);

    private final Inbox inbox;
    private final MessageCodec codec;
    private final MessagingMetrics metrics;
    private final Map<String, Handler<?>> handlers;

    private MessageDispatcher(Builder builder) {
        this.inbox = builder.inbox;
        this.codec = builder.codec;
        this.metrics = builder.metrics;
        this.handlers = Map.copyOf(builder.handlers);
    }

    /** Handles one record inside a listener; the consumer is the listener's group id. */
    public void dispatch(ConsumerRecord<String, String> record) {
        String consumer = KafkaUtils.getConsumerGroupId();
        if (consumer == null) {
            throw new IllegalStateException("dispatch(record) runs inside a @KafkaListener; use dispatch(consumer, value) elsewhere");
        }
        dispatch(consumer, record.value());
    }

    /** Handles one message value on behalf of {@code consumer}. */
    public void dispatch(String consumer, String value) {
        MessageCodec.IncomingMessage incoming = codec.decode(value);
        Envelope envelope = incoming.envelope();
        Handler<?> handler = handlers.get(envelope.type());
        if (handler == null) {
            log.debug("{} ignores {} {}", consumer, envelope.type(), envelope.eventId());
            metrics.ignored(consumer, envelope.type());
            return;
        }
        Object payload = codec.payload(incoming, handler.type());
        if (inbox.once(consumer, envelope.eventId(), () -> handler.handle(envelope, payload))) {
            metrics.handled(consumer, envelope.type());
        } else {
            log.debug("{} skips duplicate {} {}", consumer, envelope.type(), envelope.eventId());
            metrics.duplicate(consumer, envelope.type());
        }
    }

    private record Handler<T>(Class<T> type, BiConsumer<Envelope, T> action) {
        void handle(Envelope envelope, Object payload) {
            action.accept(envelope, type.cast(payload));
        }
    }

    public static final class Builder {
        private final Inbox inbox;
        private final MessageCodec codec;
        private final MessagingMetrics metrics;
        private final Map<String, Handler<?>> handlers = new HashMap<>();

        Builder(Inbox inbox, MessageCodec codec, MessagingMetrics metrics) {
            this.inbox = inbox;
            this.codec = codec;
            this.metrics = metrics;
        }

        /** Handles messages of {@code type} with {@code handler}, inside the inbox transaction. */
        public <T extends Message> Builder on(Class<T> type, Consumer<T> handler) {
            return on(type, (envelope, message) -> handler.accept(message));
        }

        /** As {@link #on(Class, Consumer)}, for a handler that wants the envelope too (event id, time). */
        public <T extends Message> Builder on(Class<T> type, BiConsumer<Envelope, T> handler) {
            String name = MessageTypes.of(type).name();
            if (handlers.putIfAbsent(name, new Handler<>(type, handler)) != null) {
                throw new IllegalStateException("two handlers for " + name);
            }
            return this;
        }

        public MessageDispatcher build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("a dispatcher needs at least one handler");
            }
            return new MessageDispatcher(this);
        }
    }
}
