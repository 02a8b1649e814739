package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.stack.StackHandle;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Row 8: how long the stack took from its launch until every service answered ready (what {@code mvn -Pstart}
 * prints after the build, measured by the stack itself: PostgreSQL, the broker, every service in parallel), and
 * the memory of all its processes once ready, as proportional set size (each page shared by several processes
 * counted once, not once per process as a sum of resident sizes would).
 */
final class StartUp {

    static final String TIME = "mvn -Pstart: launch to every service ready";
    static final String TIME_AIM = "<= 60 s";
    static final String MEMORY = "resident memory of the whole stack (PSS)";
    static final String MEMORY_AIM = "<= 2.50 GiB";
    private static final double GIB = 1024.0 * 1024.0;

    private StartUp() {
    }

    /**
     * {@code startTicks}: each part's CPU ticks when this run first looked at it; for a stack this run started,
     * that is what the start cost, a figure the machine's other load changes far less than the seconds.
     */
    static List<PerfRow> rows(StackHandle stack, boolean attached, Map<String, Long> atStart, Map<String, Long> atEnd,
                              Map<String, Long> startTicks) {
        Duration took = stack.startedIn();
        String whose = attached ? " (the running stack's own start)" : " (from an empty data directory)";
        double readyGib = total(atStart) / GIB;
        List<String> timeDetails = attached ? List.of(stack.classData()) : List.of(stack.classData(), String.format(Locale.ROOT,
                "CPU spent starting: %.0f s in all: ", total(startTicks) / (double) ProcFs.TICKS_PER_SECOND)
                + startTicks.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / (double) ProcFs.TICKS_PER_SECOND))
                .collect(Collectors.joining(", ")));
        return List.of(
                PerfRow.judged("8a", TIME, String.format(Locale.ROOT, "%.1f s%s", took.toMillis() / 1000.0, whose), TIME_AIM,
                        took.compareTo(Duration.ofSeconds(60)) <= 0, "-", timeDetails),
                PerfRow.judged("8b", MEMORY, String.format(Locale.ROOT, "%.2f GiB%s", readyGib,
                                attached ? " (when this run began)" : " (once ready)"), MEMORY_AIM, readyGib <= 2.5, "-",
                        List.of("once ready: " + byPart(atStart), "after the run: " + byPart(atEnd))));
    }

    private static long total(Map<String, Long> kib) {
        return kib.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String byPart(Map<String, Long> kib) {
        return String.format(Locale.ROOT, "%.2f GiB: ", total(kib) / GIB) + kib.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f MiB", e.getKey(), e.getValue() / 1024.0))
                .collect(Collectors.joining(", "));
    }
}
