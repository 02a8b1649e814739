package dev.flashsale.product.benchmark;

import dev.flashsale.testkit.LatencyRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Runs an operation many times from many threads and reports throughput and latency percentiles. */
final class Measurement {

    private Measurement() {
    }

    /** Runs {@code operation(i)} for i in [0, count) on {@code threads} threads; prints and returns the figures. */
    static Result run(String name, int threads, int count, IntConsumer operation) throws Exception {
        LatencyRecorder latencies = new LatencyRecorder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    long begin = System.nanoTime();
                    operation.accept(index);
                    latencies.recordNanos(System.nanoTime() - begin);
                }));
            }
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Result result = Result.of(name, threads, Duration.ofNanos(System.nanoTime() - start), latencies);
        System.out.println(result);
        return result;
    }

    record Result(String name, int threads, int count, Duration elapsed, double perSecond,
                  double p50Millis, double p99Millis, double maxMillis) {

        static Result of(String name, int threads, Duration elapsed, LatencyRecorder latencies) {
            LatencyRecorder.Summary summary = latencies.summary();
            int count = Math.toIntExact(summary.count());
            return new Result(name, threads, count, elapsed, count / (elapsed.toNanos() / 1e9),
                    LatencyRecorder.Summary.millis(summary.p50()), LatencyRecorder.Summary.millis(summary.p99()),
                    LatencyRecorder.Summary.millis(summary.max()));
        }

        @Override
        public String toString() {
            return String.format("BENCHMARK %-58s threads=%3d n=%6d  %8.0f/s  p50=%7.2f ms  p99=%7.2f ms  max=%7.1f ms  (%d cores)",
                    name, threads, count, perSecond, p50Millis, p99Millis, maxMillis,
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
