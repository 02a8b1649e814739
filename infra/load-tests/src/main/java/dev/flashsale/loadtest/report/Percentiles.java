package dev.flashsale.loadtest.report;

/** Nearest-rank percentiles of sorted latencies, as Gatling reports them. */
public final class Percentiles {

    private Percentiles() {
    }

    public static long of(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }
}
