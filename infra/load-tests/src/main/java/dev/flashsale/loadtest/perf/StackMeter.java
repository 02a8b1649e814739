package dev.flashsale.loadtest.perf;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The CPU and memory of the whole stack, part by part, beside the driver's own and the rest of the machine's.
 * Each part is a process tree rooted at the pid the stack's control API gives (a service JVM, the broker, the
 * PostgreSQL postmaster with every backend, WAL writer and WAL sender below it). The driver (this JVM) is never
 * part of the stack, even when it launched the stack's processes; "others" is whatever else the machine ran in
 * the same window (other builds on a shared machine): when it is large, the window's figures are disturbed.
 */
final class StackMeter {

    private final Supplier<Map<String, Long>> processIds;
    private final long driverPid = ProcessHandle.current().pid();

    StackMeter(Supplier<Map<String, Long>> processIds) {
        this.processIds = processIds;
    }

    /**
     * CPU ticks so far of every part (its whole tree, ended children included), of each part's thread groups
     * ({@code order-service: org.springframe}; ended threads are not in it), of the driver and of the machine.
     */
    Sample sample() {
        Map<String, Long> parts = new LinkedHashMap<>();
        Map<String, Long> threads = new HashMap<>();
        processIds.get().forEach((name, root) -> {
            List<Long> tree = ProcFs.tree(root).stream().filter(pid -> pid != driverPid).toList();
            parts.put(name, tree.stream().mapToLong(pid -> ProcFs.stat(pid).map(ProcFs.Stat::ticks).orElse(0L)).sum());
            tree.forEach(pid -> ProcFs.threadTicks(pid)
                    .forEach((group, ticks) -> threads.merge(name + ": " + group, ticks, Long::sum)));
        });
        long driver = ProcFs.stat(driverPid).map(ProcFs.Stat::ownTicks).orElse(0L);
        return new Sample(System.nanoTime(), parts, threads, driver, ProcFs.machineBusyTicks());
    }

    /** Proportional set size of every part now, in KiB. */
    Map<String, Long> memoryKib() {
        Map<String, Long> parts = new LinkedHashMap<>();
        processIds.get().forEach((name, root) -> parts.put(name,
                ProcFs.tree(root).stream().filter(pid -> pid != driverPid).mapToLong(ProcFs::pssKib).sum()));
        return parts;
    }

    record Sample(long nanos, Map<String, Long> partTicks, Map<String, Long> threadTicks, long driverTicks,
                  long machineTicks) {

        Sample(long nanos, Map<String, Long> partTicks, long driverTicks, long machineTicks) {
            this(nanos, partTicks, Map.of(), driverTicks, machineTicks);
        }
    }

    /** What was spent between two samples, in CPU seconds, and over how long. */
    record Use(double seconds, Map<String, Double> parts, Map<String, Double> threads, double driver, double machine) {

        static Use between(Sample from, Sample to) {
            return new Use((to.nanos() - from.nanos()) / 1e9, spent(from.partTicks(), to.partTicks()),
                    spent(from.threadTicks(), to.threadTicks()),
                    (to.driverTicks() - from.driverTicks()) / (double) ProcFs.TICKS_PER_SECOND,
                    (to.machineTicks() - from.machineTicks()) / (double) ProcFs.TICKS_PER_SECOND);
        }

        /** CPU seconds of each name between two samples; a name that was not there at the start counts nothing. */
        private static Map<String, Double> spent(Map<String, Long> from, Map<String, Long> to) {
            Map<String, Double> spent = new LinkedHashMap<>();
            to.forEach((name, ticks) -> spent.put(name,
                    Math.max(0, ticks - from.getOrDefault(name, ticks)) / (double) ProcFs.TICKS_PER_SECOND));
            return spent;
        }

        double stack() {
            return parts.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** CPU the machine spent on neither the stack nor the driver. */
        double others() {
            return Math.max(0, machine - stack() - driver);
        }

        double cores(double cpuSeconds) {
            return seconds <= 0 ? 0 : cpuSeconds / seconds;
        }

        /** {@code stack 1.52 cores (order-service 0.41, postgres 0.38, ...), driver 0.20, others 0.03 over 12.0 s}. */
        String describe() {
            String byPart = parts.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), cores(e.getValue())))
                    .collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "stack %.2f cores (%s), driver %.2f, others %.2f, over %.1f s",
                    cores(stack()), byPart, cores(driver), cores(others()), seconds);
        }

        /** CPU milliseconds of each part per unit of work ({@code n} orders), largest first. */
        String perUnit(long n, String unit) {
            if (n <= 0) {
                return "no " + unit;
            }
            List<String> byPart = parts.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), 1000 * e.getValue() / n))
                    .toList();
            return String.format(Locale.ROOT, "%.1f ms per %s: %s; driver %.1f", 1000 * stack() / n, unit,
                    String.join(", ", byPart), 1000 * driver / n);
        }

        /** CPU milliseconds per unit of work of the {@code top} busiest thread groups of the stack, largest first. */
        String threadsPerUnit(long n, String unit, int top) {
            if (n <= 0) {
                return "no " + unit;
            }
            return String.format(Locale.ROOT, "ms per %s, the %d busiest: ", unit, top) + threads.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(top)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), 1000 * e.getValue() / n))
                    .collect(Collectors.joining(", "));
        }
    }
}
