package dev.flashsale.messaging;

import dev.flashsale.messaging.testapp.BenchmarkItem;
import dev.flashsale.messaging.testapp.BenchmarkListeners;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What consuming costs around a handler that does nothing, one record per transaction (a record listener) against
 * one transaction per batch (a batch listener), on the same records: messages a second, and CPU of the listener's
 * threads per message (PostgreSQL's own CPU is not in it). Not part of the build:
 * {@code mvn -pl infra/messaging verify -Pbenchmark -Dit.test=ConsumerBenchmarkIT}.
 */
@Tag("benchmark")
@MessagingIntegrationTest
class ConsumerBenchmarkIT {

    private static final int WARM_UP = 3_000;
    private static final int MESSAGES = 20_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Autowired
    KafkaListenerEndpointRegistry registry;
    @Autowired
    BenchmarkListeners listeners;

    @Test
    void recordListenerAgainstBatchListener() throws Exception {
        produce(WARM_UP);
        consume(BenchmarkListeners.RECORD_LISTENER, WARM_UP);
        consume(BenchmarkListeners.BATCH_LISTENER, WARM_UP);

        produce(MESSAGES);
        double[] record = consume(BenchmarkListeners.RECORD_LISTENER, MESSAGES);
        double[] batch = consume(BenchmarkListeners.BATCH_LISTENER, MESSAGES);

        System.out.printf("%n=== Consumer benchmark (%d cores, load average %.1f): %,d messages, 3 partitions, concurrency 3 ===%n",
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                MESSAGES);
        System.out.printf("record listener (a transaction per message): %,8.0f messages/s, %6.0f µs CPU per message%n", record[0], record[1]);
        System.out.printf("batch listener (a transaction per batch):    %,8.0f messages/s, %6.0f µs CPU per message%n%n", batch[0], batch[1]);
        assertThat(record[0]).isPositive();
        assertThat(batch[0]).isPositive();
    }

    private static void produce(int count) {
        MessageCodec codec = new MessageCodec();
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(codec.record(new BenchmarkItem(i, i % 997, 10_000 + i, "benchmark"), UUID.randomUUID(), ZoneOffset.UTC));
        }
        BatchDispatchIT.send(records);
    }

    /** Starts the listener, waits until it handled {@code count} more, stops it; returns messages/s and µs CPU each. */
    private double[] consume(String listener, int count) throws InterruptedException {
        MessageListenerContainer container = registry.getListenerContainer(listener);
        int before = listeners.handled();
        long cpuBefore = cpuOf(listener);
        long started = System.nanoTime();
        container.start();
        long deadline = started + Duration.ofMinutes(10).toNanos();
        while (listeners.handled() - before < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long elapsed = System.nanoTime() - started;
        long cpu = cpuOf(listener) - cpuBefore;
        container.stop();
        assertThat(listeners.handled() - before).isEqualTo(count);
        return new double[]{count / (elapsed / 1e9), cpu / 1_000.0 / count};
    }

    /** CPU time of the listener's consumer threads ({@code <id>-<n>-C-1}), alive or not counted once alive. */
    private static long cpuOf(String listener) {
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(listener + "-")) {
                total += Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
            }
        }
        return total;
    }
}
