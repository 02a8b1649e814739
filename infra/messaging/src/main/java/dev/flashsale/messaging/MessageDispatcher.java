package dev.flashsale.messaging;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.messaging.listeners.ConsumedRecordLog;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Hands each record of a listener to the handler of its type, exactly once per consumer. A listener takes
 * a batch (one transaction for all its records) or a single record:
 * <pre>
 * dispatcher = inbox.dispatcher()
 *         .on(DeductBalance.class, payments::deduct)
 *         .on(RefundBalance.class, payments::refund)
 *         .build();
 *
 * &#64;KafkaListener(topics = Topics.BALANCE_COMMANDS, batch = "true")
 * void on(List&lt;ConsumerRecord&lt;String, String&gt;&gt; records) {
 *     dispatcher.dispatch(records);
 * }
 * </pre>
 * The consumer's name is the listener's group id. A handler's exception rolls its transaction back
 * and reaches the container's error handler: a transient failure ({@link TransientFailures}) is retried for as
 * long as it lasts, any other a bounded number of times, then dead-lettered. A type with no handler (a message
 * this service does not care about) is acknowledged and counted as ignored.
 *
 * <p>A batch runs in one transaction with one inbox insert for all its records; an event id handled before, or
 * twice in the batch, is skipped. When the batch's transaction fails for a reason of its own, each record runs
 * again in a transaction of its own, so the good ones commit and the one that fails is reported to the error
 * handler as the batch's failed record ({@link BatchRecordFailure}): the records before it are committed, it is
 * retried and, if it keeps failing, dead-lettered alone. A transient failure skips that: the batch waits whole.
 */
public final class MessageDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);

    private final Inbox inbox;
    private final MessageCodec codec;
    private final MessagingMetrics metrics;
    private final RecordTracing tracing;
    private final Map<String, Handler<?>> handlers;

    private MessageDispatcher(Builder builder) {
        this.inbox = builder.inbox;
        this.codec = builder.codec;
        this.metrics = builder.metrics;
        this.tracing = builder.tracing;
        this.handlers = Map.copyOf(builder.handlers);
    }

    /** Handles one record inside a listener; the consumer is the listener's group id. */
    public void dispatch(ConsumerRecord<String, String> record) {
        dispatch(consumerOfThisListener(), record.value());
    }

    /**
     * Handles a batch inside a batch listener ({@code @KafkaListener(batch = "true")}): one transaction for all of
     * it, falling back to one per record when it fails (see the class).
     */
    public void dispatch(List<ConsumerRecord<String, String>> records) {
        String consumer = consumerOfThisListener();
        if (records.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            dispatchInOneTransaction(consumer, records);
            metrics.batch(consumer, records.size(), Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException failure) {
            if (records.size() == 1 || TransientFailures.isTransient(failure)) {
                throw BatchRecordFailure.of(failure, records.get(0));
            }
            log.debug("{}: a batch of {} records failed ({}); handling them one transaction each", consumer,
                    records.size(), failure.toString());
            for (ConsumerRecord<String, String> record : records) {
                try {
                    dispatchTraced(consumer, record);
                } catch (RuntimeException recordFailure) {
                    throw BatchRecordFailure.of(recordFailure, record);
                }
            }
        }
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

    private void dispatchTraced(String consumer, ConsumerRecord<String, String> record) {
        Span span = tracing.start(record);
        long started = System.nanoTime();
        Throwable failure = null;
        try (Tracer.SpanInScope ignored = tracing.inScope(span)) {
            dispatch(consumer, record.value());
        } catch (RuntimeException e) {
            failure = e;
            span.error(e);
            throw e;
        } finally {
            try (Tracer.SpanInScope ignored = tracing.inScope(span)) {
                ConsumedRecordLog.write(record, failure == null, System.nanoTime() - started);
            }
            span.end();
        }
    }

    private void dispatchInOneTransaction(String consumer, List<ConsumerRecord<String, String>> records) {
        List<Decoded> decoded = new ArrayList<>(records.size());
        List<Decoded> handled = new ArrayList<>(records.size());
        List<UUID> eventIds = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            MessageCodec.IncomingMessage incoming = codec.decode(record.value());
            Handler<?> handler = handlers.get(incoming.envelope().type());
            Decoded one = new Decoded(record, incoming.envelope(), handler,
                    handler == null ? null : codec.payload(incoming, handler.type()));
            decoded.add(one);
            if (handler != null) {
                handled.add(one);
                eventIds.add(one.envelope.eventId());
            }
        }
        try {
            boolean[] ran = inbox.onceEach(consumer, eventIds, i -> handled.get(i).handle(tracing));
            for (int i = 0; i < ran.length; i++) {
                handled.get(i).ran = ran[i];
            }
        } catch (RuntimeException e) {
            handled.forEach(one -> one.endSpan(e));
            throw e;
        }
        for (Decoded one : decoded) {
            one.finish(consumer, metrics, tracing);
        }
    }

    private static String consumerOfThisListener() {
        String consumer = KafkaUtils.getConsumerGroupId();
        if (consumer == null) {
            throw new IllegalStateException("dispatch(records) runs inside a @KafkaListener; use dispatch(consumer, value) elsewhere");
        }
        return consumer;
    }

    /** A record of a batch, decoded, and what became of it. */
    private static final class Decoded {
        private final ConsumerRecord<String, String> record;
        private final Envelope envelope;
        private final Handler<?> handler;
        private final Object payload;
        private Span span;
        private long nanos;
        private boolean ran;

        Decoded(ConsumerRecord<String, String> record, Envelope envelope, Handler<?> handler, Object payload) {
            this.record = record;
            this.envelope = envelope;
            this.handler = handler;
            this.payload = payload;
        }

        void handle(RecordTracing tracing) {
            span = tracing.start(record);
            long started = System.nanoTime();
            try (Tracer.SpanInScope ignored = tracing.inScope(span)) {
                handler.handle(envelope, payload);
            } finally {
                nanos = System.nanoTime() - started;
            }
        }

        void endSpan(Throwable failure) {
            if (span != null) {
                span.error(failure);
                span.end();
            }
        }

        /** After the commit: the metrics, and the log line in the record's span. */
        void finish(String consumer, MessagingMetrics metrics, RecordTracing tracing) {
            if (handler == null) {
                log.debug("{} ignores {} {}", consumer, envelope.type(), envelope.eventId());
                metrics.ignored(consumer, envelope.type());
                return;
            }
            if (!ran) {
                log.debug("{} skips duplicate {} {}", consumer, envelope.type(), envelope.eventId());
                metrics.duplicate(consumer, envelope.type());
                return;
            }
            metrics.handled(consumer, envelope.type());
            try (Tracer.SpanInScope ignored = tracing.inScope(span)) {
                ConsumedRecordLog.write(record, true, nanos);
            }
            span.end();
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
        private final RecordTracing tracing;
        private final Map<String, Handler<?>> handlers = new HashMap<>();

        Builder(Inbox inbox, MessageCodec codec, MessagingMetrics metrics, RecordTracing tracing) {
            this.inbox = inbox;
            this.codec = codec;
            this.metrics = metrics;
            this.tracing = tracing;
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
