package dev.flashsale.messaging.testapp;

import dev.flashsale.messaging.Inbox;
import dev.flashsale.messaging.MessageDispatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same handler behind a record listener and a batch listener, for ConsumerBenchmarkIT: it only counts, so what
 * is measured is what every message costs around a handler (poll, decode, transaction, inbox row, span, log line).
 * Not started unless a benchmark starts it.
 */
@Component
public class BenchmarkListeners {

    public static final String RECORD_LISTENER = "benchmark-records";
    public static final String BATCH_LISTENER = "benchmark-batches";

    private final AtomicInteger handled = new AtomicInteger();
    private final MessageDispatcher records;
    private final MessageDispatcher batches;

    public BenchmarkListeners(Inbox inbox) {
        this.records = inbox.dispatcher().on(BenchmarkItem.class, item -> handled.incrementAndGet()).build();
        this.batches = inbox.dispatcher().on(BenchmarkItem.class, item -> handled.incrementAndGet()).build();
    }

    @KafkaListener(id = RECORD_LISTENER, idIsGroup = false, groupId = "benchmark-records", topics = BenchmarkItem.TOPIC,
            autoStartup = "false")
    void onRecord(ConsumerRecord<String, String> record) {
        records.dispatch(record);
    }

    @KafkaListener(id = BATCH_LISTENER, idIsGroup = false, groupId = "benchmark-batches", topics = BenchmarkItem.TOPIC,
            autoStartup = "false", batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> batch) {
        batches.dispatch(batch);
    }

    public int handled() {
        return handled.get();
    }
}
