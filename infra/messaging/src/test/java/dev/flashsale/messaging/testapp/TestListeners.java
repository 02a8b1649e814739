package dev.flashsale.messaging.testapp;

import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Consumers that remember what they handled, for the tests to check. */
@Component
public class TestListeners {

    private final Map<String, List<Integer>> handledByAggregate = new ConcurrentHashMap<>();
    private final AtomicInteger handledEvents = new AtomicInteger();
    private final Map<String, AtomicInteger> probeAttempts = new ConcurrentHashMap<>();
    private final List<String> probesHandled = new CopyOnWriteArrayList<>();
    private final MessageDispatcher events;
    private final MessageDispatcher probes;

    public TestListeners(Inbox inbox) {
        this.events = inbox.dispatcher()
                .on(TestEvent.class, event -> {
                    handledByAggregate.computeIfAbsent(event.aggregate(), a -> new CopyOnWriteArrayList<>()).add(event.sequence());
                    handledEvents.incrementAndGet();
                })
                .build();
        this.probes = inbox.dispatcher()
                .on(Probe.class, probe -> {
                    probeAttempts.computeIfAbsent(probe.id(), id -> new AtomicInteger()).incrementAndGet();
                    if (probe.fail()) {
                        throw new IllegalStateException("probe " + probe.id() + " fails on purpose");
                    }
                    probesHandled.add(probe.id());
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

    public List<String> probesHandled() {
        return probesHandled;
    }
}
