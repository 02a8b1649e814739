package dev.flashsale.testkit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Latencies recorded from any number of threads at once, and their percentiles: the one percentile
 * implementation of the project's benchmarks and load runs, on HdrHistogram (the histogram Micrometer keeps
 * behind its own timers). Values are kept in microseconds with three significant digits: a figure is the lower
 * bound of its histogram bucket, never more than 0.1 % below the value recorded, and recording costs the same at
 * the millionth value as at the first.
 *
 * <p>A percentile is the nearest rank, as Gatling reports it: the smallest recorded value that at least that
 * share of all values do not exceed (p50 of 1, 2, 3, 4 is 2). Nothing recorded: every figure is zero.
 */
public final class LatencyRecorder {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram = new ConcurrentHistogram(SIGNIFICANT_DIGITS);

    public void record(Duration latency) {
        recordNanos(latency.toNanos());
    }

    public void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    public void recordMillis(long millis) {
        recordNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Runs {@code operation} and records how long it took, also when it throws. */
    public void time(Runnable operation) {
        long start = System.nanoTime();
        try {
            operation.run();
        } finally {
            recordNanos(System.nanoTime() - start);
        }
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0 to 100). */
    public Duration percentile(double percentile) {
        return count() == 0 ? Duration.ZERO : micros(histogram.lowestEquivalentValue(histogram.getValueAtPercentile(percentile)));
    }

    public Duration max() {
        return count() == 0 ? Duration.ZERO : micros(histogram.lowestEquivalentValue(histogram.getMaxValue()));
    }

    public Duration mean() {
        return count() == 0 ? Duration.ZERO : micros(Math.round(histogram.getMean()));
    }

    public void reset() {
        histogram.reset();
    }

    /** The usual figures at one moment. */
    public Summary summary() {
        return new Summary(count(), percentile(50), percentile(95), percentile(99), max(), mean());
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros));
    }

    /** Count, p50, p95, p99, max and mean of a recorder. */
    public record Summary(long count, Duration p50, Duration p95, Duration p99, Duration max, Duration mean) {

        /** Milliseconds with a fraction, for printing. */
        public static double millis(Duration duration) {
            return duration.toNanos() / 1e6;
        }

        /** {@code p50 12.3 ms, p99 45.6 ms, max 78.9 ms (n=1,000)}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%,d)",
                    millis(p50), millis(p95), millis(p99), millis(max), count);
        }
    }
}
