package dev.flashsale.messaging.testapp;

import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.messaging.Outbox;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Consumers that remember what they handled (and under which trace), for the tests to check. */
@Component
public class TestListeners {

    /** A {@link TestEvent} with this note makes its handler send a {@link Probe} of the aggregate's name. */
    public static final String FORWARD = "forward";

    private final Map<String, List<Integer>> handledByAggregate = new ConcurrentHashMap<>();
    private final AtomicInteger handledEvents = new AtomicInteger();
    private final Map<String, AtomicInteger> probeAttempts = new ConcurrentHashMap<>();
    private final List<String> probesHandled = new CopyOnWriteArrayList<>();
    private final Map<String, String> traceIdByAggregate = new ConcurrentHashMap<>();
    private final Map<String, String> traceIdByProbe = new ConcurrentHashMap<>();
    private final Set<String> healed = ConcurrentHashMap.newKeySet();
    private final MessageDispatcher events;
    private final MessageDispatcher probes;

    public TestListeners(Inbox inbox, Outbox outbox, Tracer tracer) {
        this.events = inbox.dispatcher()
                .on(TestEvent.class, event -> {
                    handledByAggregate.computeIfAbsent(event.aggregate(), a -> new CopyOnWriteArrayList<>()).add(event.sequence());
                    handledEvents.incrementAndGet();
                    traceIdByAggregate.put(event.aggregate(), traceId(tracer));
                    if (FORWARD.equals(event.note())) {
                        // The next hop, as a saga participant answers: a message sent from inside the handler.
                        outbox.append(new Probe(event.aggregate(), false));
                    }
                })
                .build();
        this.probes = inbox.dispatcher()
                .on(Probe.class, probe -> {
                    probeAttempts.computeIfAbsent(probe.id(), id -> new AtomicInteger()).incrementAndGet();
                    if (probe.fail() && !healed.contains(probe.id())) {
                        throw new IllegalStateException("probe " + probe.id() + " fails on purpose");
                    }
                    probesHandled.add(probe.id());
                    traceIdByProbe.put(probe.id(), traceId(tracer));
                })
                .build();
    }

    @KafkaListener(topics = TestEvent.TOPIC)
    void onEvent(ConsumerRecord<String, String> record) {
        events.dispatch(record);
    }

    @KafkaListener(topics = Probe.TOPIC)
    void onProbe(ConsumerRecord<String, String> record) {
        probes.dispatch(record);
    }

    public Map<String, List<Integer>> handledByAggregate() {
        return handledByAggregate;
    }

    public int handledEvents() {
        return handledEvents.get();
    }

    public int probeAttempts(String id) {
        AtomicInteger attempts = probeAttempts.get(id);
        return attempts == null ? 0 : attempts.get();
    }

    /** From now on the probe {@code id} succeeds even where it asks to fail: the bug behind it is fixed. */
    public void heal(String id) {
        healed.add(id);
    }

    public List<String> probesHandled() {
        return probesHandled;
    }

    /** The trace the handler of {@code aggregate}'s last event ran in. */
    public String traceIdOfEvent(String aggregate) {
        return traceIdByAggregate.get(aggregate);
    }

    public String traceIdOfProbe(String id) {
        return traceIdByProbe.get(id);
    }

    private static String traceId(Tracer tracer) {
        Span span = tracer.currentSpan();
        return span == null ? "none" : span.context().traceId();
    }
}
