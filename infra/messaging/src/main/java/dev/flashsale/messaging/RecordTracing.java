package dev.flashsale.messaging;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * Traces for the records of a batch listener, which spring-kafka's observation covers only for record listeners:
 * each record gets a span of the trace its headers carry (the relay copies the outbox row's {@code traceparent}),
 * its handler runs in that span (so what it appends to the outbox continues the trace), and its log line is
 * written in it. A span costs a few microseconds; without a tracer it is a no-op.
 */
public final class RecordTracing {

    public static final RecordTracing NONE = new RecordTracing(Tracer.NOOP, Propagator.NOOP);
    private static final Propagator.Getter<Headers> HEADERS = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public RecordTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** A started span for {@code record}, a child of the span that sent it when its headers say which. */
    Span start(ConsumerRecord<?, ?> record) {
        return propagator.extract(record.headers(), HEADERS)
                .kind(Span.Kind.CONSUMER)
                .name(record.topic() + " process")
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", record.topic())
                .start();
    }

    Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }
}
