package dev.flashsale.loadtest.report;

import dev.flashsale.testkit.LatencyRecorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each named request of a scenario got back: its latencies and its outcomes (the problem {@code code} of an
 * error, the status of a success, {@code NO_RESPONSE} when the connection failed). Gatling's own report has
 * the latencies too; this adds the answers by code and the figures the suite prints next to the verdict.
 */
public final class Recorder {

    private final Map<String, Stats> byName = new ConcurrentHashMap<>();

    public void record(String name, long startedAtMillis, long latencyMillis, String outcome) {
        byName.computeIfAbsent(name, n -> new Stats()).add(startedAtMillis, latencyMillis, outcome);
    }

    public Map<String, Row> rows() {
        Map<String, Row> rows = new TreeMap<>();
        byName.forEach((name, stats) -> rows.put(name, stats.row(name)));
        return rows;
    }

    public void clear() {
        byName.clear();
    }

    /** One request name's figures: throughput over the span from its first start to its last answer. */
    public record Row(String name, long count, double perSecond, long p50, long p95, long p99, long max,
                      Map<String, Long> outcomes) {
    }

    private static final class Stats {
        private final LongAdder count = new LongAdder();
        private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
        private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        private final LatencyRecorder latencies = new LatencyRecorder();

        void add(long startedAt, long latency, String outcome) {
            count.increment();
            firstStart.accumulateAndGet(startedAt, Math::min);
            lastEnd.accumulateAndGet(startedAt + latency, Math::max);
            outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
            latencies.recordMillis(latency);
        }

        Row row(String name) {
            LatencyRecorder.Summary summary = latencies.summary();
            long span = Math.max(1, lastEnd.get() - firstStart.get());
            Map<String, Long> answers = new TreeMap<>();
            outcomes.forEach((outcome, n) -> answers.put(outcome, n.sum()));
            return new Row(name, count.sum(), count.sum() * 1000.0 / span, summary.p50().toMillis(),
                    summary.p95().toMillis(), summary.p99().toMillis(), summary.max().toMillis(), answers);
        }
    }
}
