package dev.flashsale.messaging.testapp;

import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import dev.flashsale.messaging.Outbox;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
    /** The id of the batch listener's container. */
    public static final String BATCH_LISTENER = "batch-items";

    private final Map<String, List<Integer>> handledByAggregate = new ConcurrentHashMap<>();
    private final AtomicInteger handledEvents = new AtomicInteger();
    /** When each try of a probe reached its handler ({@link System#nanoTime()}), by probe id. */
    private final Map<String, List<Long>> probeTries = new ConcurrentHashMap<>();
    private final List<String> probesHandled = new CopyOnWriteArrayList<>();
    private final Map<String, String> traceIdByAggregate = new ConcurrentHashMap<>();
    private final Map<String, String> traceIdByProbe = new ConcurrentHashMap<>();
    private final Set<String> healed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> batchItemAttempts = new ConcurrentHashMap<>();
    private final List<String> batchItemsCommitted = new CopyOnWriteArrayList<>();
    private final Map<String, String> traceIdByBatchItem = new ConcurrentHashMap<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final MessageDispatcher events;
    private final MessageDispatcher probes;
    private final MessageDispatcher batchItems;

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
                    probeTries.computeIfAbsent(probe.id(), id -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
                    if (probe.fail() && !healed.contains(probe.id())) {
                        throw new IllegalStateException("probe " + probe.id() + " fails on purpose");
                    }
                    probesHandled.add(probe.id());
                    traceIdByProbe.put(probe.id(), traceId(tracer));
                })
                .build();
        this.batchItems = inbox.dispatcher()
                .on(BatchItem.class, item -> {
                    batchItemAttempts.computeIfAbsent(item.id(), id -> new AtomicInteger()).incrementAndGet();
                    if (item.fail() && !healed.contains(item.id())) {
                        throw new IllegalStateException("batch item " + item.id() + " fails on purpose");
                    }
                    String id = item.id();
                    traceIdByBatchItem.put(id, traceId(tracer));
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            batchItemsCommitted.add(id);
                        }
                    });
                })
                .build();
    }

    @KafkaListener(id = BATCH_LISTENER, idIsGroup = false, topics = BatchItem.TOPIC, batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        batchSizes.add(records.size());
        batchItems.dispatch(records);
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

    /** From a probe's first try to its last. */
    public java.time.Duration probeAttemptsSpan(String id) {
        List<Long> tries = probeTries.getOrDefault(id, List.of());
        return tries.isEmpty() ? java.time.Duration.ZERO : java.time.Duration.ofNanos(tries.get(tries.size() - 1) - tries.get(0));
    }

    public int probeAttempts(String id) {
        return probeTries.getOrDefault(id, List.of()).size();
    }

    /** From now on the probe {@code id} succeeds even where it asks to fail: the bug behind it is fixed. */
    public void heal(String id) {
        healed.add(id);
    }

    /** How often the handler of batch item {@code id} ran, committed or not. */
    public int batchItemAttempts(String id) {
        AtomicInteger attempts = batchItemAttempts.get(id);
        return attempts == null ? 0 : attempts.get();
    }

    /** Batch items whose handling committed, once per commit. */
    public List<String> batchItemsCommitted() {
        return batchItemsCommitted;
    }

    /** The trace the handler of batch item {@code id} last ran in. */
    public String traceIdOfBatchItem(String id) {
        return traceIdByBatchItem.get(id);
    }

    /** The size of every batch the batch listener was given. */
    public List<Integer> batchSizes() {
        return batchSizes;
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
