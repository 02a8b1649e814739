package dev.flashsale.messaging.listeners;

import dev.flashsale.contracts.Envelope;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

import java.nio.charset.StandardCharsets;

/**
 * One log line per record a listener handled ({@code ReserveStock 5f0c... key 1001 from
 * ecommerce.stock-commands.v1-3@42 in 4 ms}), written in the listener's span, so it carries the trace the
 * record continued: the trace id a client got back for its order finds every service that handled the order.
 * Turn it off with {@code logging.level.dev.flashsale.messaging.listeners.ConsumedRecordLog=warn}.
 */
public final class ConsumedRecordLog implements ObservationHandler<KafkaRecordReceiverContext> {

    private static final Logger log = LoggerFactory.getLogger(ConsumedRecordLog.class);
    private static final String STARTED = ConsumedRecordLog.class.getName() + ".started";

    private final Tracer tracer;

    public ConsumedRecordLog(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof KafkaRecordReceiverContext && log.isInfoEnabled();
    }

    @Override
    public void onStart(KafkaRecordReceiverContext context) {
        context.put(STARTED, System.nanoTime());
    }

    @Override
    public void onStop(KafkaRecordReceiverContext context) {
        Long started = context.get(STARTED);
        long millis = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
        ConsumerRecord<?, ?> record = context.getRecord();
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        try (Tracer.SpanInScope ignored = span == null ? null : tracer.withSpan(span)) {
            write(record, context.getError() == null ? "handled" : "failed", millis);
        }
    }

    /** The line for one record, in the current span: for a batch listener's records, which have no observation. */
    public static void write(ConsumerRecord<?, ?> record, boolean handled, long nanos) {
        write(record, handled ? "handled" : "failed", nanos / 1_000_000);
    }

    private static void write(ConsumerRecord<?, ?> record, String outcome, long millis) {
        if (log.isInfoEnabled()) {
            log.info("{} {} key {} from {}-{}@{} {} in {} ms", header(record, Envelope.HEADER_TYPE),
                    header(record, Envelope.HEADER_EVENT_ID), record.key(), record.topic(), record.partition(),
                    record.offset(), outcome, millis);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
