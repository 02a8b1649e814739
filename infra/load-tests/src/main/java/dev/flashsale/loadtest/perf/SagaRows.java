package dev.flashsale.loadtest.perf;

import dev.flashsale.testkit.LatencyRecorder;
import dev.flashsale.testkit.SagaFloor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rows 2, 3 and 4: the order saga end to end through the gateway, with the e2e benchmark's order
 * ({@link SagaBuyers}). Row 2 is its throughput with {@code clients} closed-loop clients (submit, long-poll
 * until the order ended, next order) against the same order as one local transaction on the same PostgreSQL
 * server with as many clients; row 4 is the stack's CPU over row 2's measured window per order completed in it;
 * row 3 is its latency in an open model (orders arrive at a fixed rate whatever the stack's pace, each timed
 * from the moment it was due, so a stack that falls behind shows it).
 */
final class SagaRows {

    static final String THROUGHPUT = "order saga, 32 clients: completed orders/s";
    static final String THROUGHPUT_AIM = ">= 60/s";
    static final String CPU = "CPU per completed order, whole stack";
    static final String CPU_AIM = "<= 25 ms";
    static final String LATENCY = "order saga at 30/s offered: p50 / p99 submit->COMPLETED";
    static final String LATENCY_AIM = "<= 300 ms / <= 1.5 s";

    private SagaRows() {
    }

    record Throughput(PerfRow throughput, PerfRow cpu) {
    }

    static Throughput throughput(PerfContext context, int firstUser, int orders, int warmUp, int clients) {
        System.out.printf("[perf] order saga: %d orders (+%d to warm up), %d clients, and the same as one local transaction%n",
                orders, warmUp, clients);
        SagaBuyers buyers = SagaBuyers.prepare(context, context.users(firstUser, firstUser + warmUp + orders),
                "saga throughput " + UUID.randomUUID().toString().substring(0, 6));
        Orders flow = new Orders(context.client(), context.gateway());
        closedLoop(buyers, flow, 0, warmUp, clients);
        DatabaseActivity databases = new DatabaseActivity(context.jdbcUrl("postgres"), DatabaseActivity.SAGA_DATABASES);
        Map<String, DatabaseActivity.Counts> databasesBefore = databases.sample();
        StackMeter.Sample before = context.meter().sample();
        ClosedRun saga = closedLoop(buyers, flow, warmUp, warmUp + orders, clients);
        StackMeter.Use use = StackMeter.Use.between(before, context.meter().sample());
        Map<String, DatabaseActivity.Counts> databasesAfter = databases.sample();
        ClosedRun floor = floor(context, orders, warmUp, clients);

        long completed = saga.count("COMPLETED");
        double perSecond = completed / saga.seconds();
        double floorPerSecond = floor.count("COMPLETED") / floor.seconds();
        List<String> details = List.of(
                String.format(Locale.ROOT, "saga: %d orders in %.1f s, %s; submit->end %s", orders, saga.seconds(),
                        saga.outcomes(), saga.latencies().summary()),
                String.format(Locale.ROOT, "floor, one local transaction: %.0f orders/s, %s", floorPerSecond,
                        floor.latencies().summary()),
                "CPU over the saga's window: " + use.describe());
        PerfRow throughput = PerfRow.judged("2", THROUGHPUT, String.format(Locale.ROOT, "%.1f/s (%.1f%% of the floor's %.0f/s)",
                perSecond, 100 * perSecond / floorPerSecond, floorPerSecond), THROUGHPUT_AIM,
                perSecond >= 60 && completed == orders, "-", details);

        double cpuMillis = completed == 0 ? Double.NaN : 1000 * use.stack() / completed;
        PerfRow cpu = PerfRow.judged("4", CPU, String.format(Locale.ROOT, "%.1f ms (%.1f CPU s / %d orders)", cpuMillis,
                        use.stack(), completed), CPU_AIM, cpuMillis <= 25, "-",
                List.of("row 2's window, by part: " + use.perUnit(completed, "order"),
                        "row 2's window, by thread: " + use.threadsPerUnit(completed, "order", 16),
                        "row 2's window, by database, " + DatabaseActivity.perUnit(databasesBefore, databasesAfter,
                                completed, "order"),
                        String.format(Locale.ROOT, "others on the machine meanwhile: %.2f cores (should be near 0)",
                                use.cores(use.others()))));
        return new Throughput(throughput, cpu);
    }

    /** Orders {@code from..to} of {@code buyers}, by {@code clients} threads, each submitting and waiting in turn. */
    private static ClosedRun closedLoop(SagaBuyers buyers, Orders flow, int from, int to, int clients) {
        AtomicInteger next = new AtomicInteger(from);
        ClosedRun run = new ClosedRun();
        long start = System.nanoTime();
        Parallel.run(clients, client -> {
            for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                long began = System.nanoTime();
                Orders.Submitted submitted = flow.submit(buyers.user(i), buyers.body(i), UUID.randomUUID().toString(),
                        Duration.ofMinutes(1));
                String outcome = submitted.accepted()
                        ? flow.awaitEnd(buyers.user(i), submitted.orderId(), Duration.ofMinutes(2)) : submitted.refusal();
                run.record(outcome, System.nanoTime() - began);
            }
        });
        run.nanos = System.nanoTime() - start;
        return run;
    }

    private static ClosedRun floor(PerfContext context, int orders, int warmUp, int clients) {
        context.createDatabase("saga_floor");
        try (SagaFloor floor = SagaFloor.create(context.jdbcUrl("saga_floor"), "postgres", "postgres", warmUp + orders, clients,
                SagaBuyers.PRICE, SagaBuyers.DISCOUNT)) {
            closedFloor(floor, warmUp, clients);
            return closedFloor(floor, orders, clients);
        }
    }

    private static ClosedRun closedFloor(SagaFloor floor, int orders, int clients) {
        AtomicInteger left = new AtomicInteger(orders);
        ClosedRun run = new ClosedRun();
        long start = System.nanoTime();
        Parallel.run(clients, client -> {
            while (left.getAndDecrement() > 0) {
                long began = System.nanoTime();
                floor.placeOne();
                run.record("COMPLETED", System.nanoTime() - began);
            }
        });
        run.nanos = System.nanoTime() - start;
        return run;
    }

    /** Row 3: {@code rate} orders a second for {@code duration}, each on its own, none waiting for another. */
    static PerfRow latency(PerfContext context, int firstUser, double rate, Duration duration) {
        int orders = (int) Math.round(rate * duration.toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "[perf] order saga latency: %d orders at %.0f/s (open model)%n", orders, rate);
        SagaBuyers buyers = SagaBuyers.prepare(context, context.users(firstUser, firstUser + orders),
                "saga latency " + UUID.randomUUID().toString().substring(0, 6));
        Orders flow = new Orders(context.client(), context.gateway());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        ClosedRun run = new ClosedRun();
        LatencyRecorder completedLatencies = new LatencyRecorder();
        AtomicLong lastEnd = new AtomicLong();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long period = Math.round(1e9 / rate);
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        StackMeter.Sample before = context.meter().sample();
        try {
            for (int i = 0; i < orders; i++) {
                int index = i;
                long due = t0 + i * period;
                CompletableFuture<Void> done = new CompletableFuture<>();
                all.add(done);
                ticker.schedule(() -> flow.submitAndAwaitAsync(buyers.user(index), buyers.body(index), Duration.ofMinutes(2), callbacks)
                        .whenComplete((ended, failure) -> {
                            long now = System.nanoTime();
                            String outcome = failure != null ? "DRIVER_ERROR" : ended.outcome();
                            run.record(outcome, now - due);
                            if ("COMPLETED".equals(outcome)) {
                                completedLatencies.recordNanos(now - due);
                            }
                            lastEnd.accumulateAndGet(now, Math::max);
                            done.complete(null);
                        }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(duration.toSeconds() + 180, TimeUnit.SECONDS);
        } catch (Exception e) {
            return PerfRow.notMeasured("3", LATENCY, LATENCY_AIM, "the open-model run did not finish: " + e);
        } finally {
            ticker.shutdownNow();
            callbacks.shutdown();
        }
        StackMeter.Use use = StackMeter.Use.between(before, context.meter().sample());
        run.nanos = lastEnd.get() - t0;
        LatencyRecorder.Summary summary = completedLatencies.summary();
        long completed = run.count("COMPLETED");
        boolean met = summary.p50().compareTo(Duration.ofMillis(300)) <= 0 && summary.p99().compareTo(Duration.ofMillis(1500)) <= 0
                && completed == orders;
        return PerfRow.judged("3", LATENCY, String.format(Locale.ROOT, "%.0f ms / %.0f ms%s", LatencyRecorder.Summary.millis(summary.p50()),
                        LatencyRecorder.Summary.millis(summary.p99()), completed == orders ? "" : " (" + (orders - completed) + " not completed)"),
                LATENCY_AIM, met, "-", List.of(
                        String.format(Locale.ROOT, "%d orders offered at %.0f/s over %d s, %.1f/s completed; %s; submit->COMPLETED %s",
                                orders, rate, duration.toSeconds(), completed / run.seconds(), run.outcomes(), summary),
                        "CPU over the run: " + use.describe() + "; " + use.perUnit(completed, "order"),
                        "by thread: " + use.threadsPerUnit(completed, "order", 16)));
    }

    /** Outcomes and latencies of a run of orders. */
    private static final class ClosedRun {
        private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        private final LatencyRecorder latencies = new LatencyRecorder();
        private volatile long nanos;

        void record(String outcome, long latencyNanos) {
            outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
            latencies.recordNanos(latencyNanos);
        }

        long count(String outcome) {
            LongAdder n = outcomes.get(outcome);
            return n == null ? 0 : n.sum();
        }

        double seconds() {
            return Math.max(1, nanos) / 1e9;
        }

        LatencyRecorder latencies() {
            return latencies;
        }

        String outcomes() {
            Map<String, Long> sorted = new TreeMap<>();
            outcomes.forEach((outcome, n) -> sorted.put(outcome, n.sum()));
            return sorted.toString();
        }
    }
}
