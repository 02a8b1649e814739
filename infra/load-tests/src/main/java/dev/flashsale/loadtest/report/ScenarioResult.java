package dev.flashsale.loadtest.report;

import dev.flashsale.loadtest.check.Verdict;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scenario's figures next to the checker's verdict. The baseline row (a no-op through the same gateway, in
 * the same run) turns every other row into ratios: how much more a request costs than the cheapest one.
 */
public record ScenarioResult(String scenario, String description, List<Recorder.Row> rows, Recorder.Row baseline,
                             Verdict verdict) {

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("=== ").append(scenario).append(": ").append(description).append(" ===\n");
        out.append(String.format("  %-28s %7s %9s %7s %7s %7s %7s %14s  %s%n", "request", "count", "req/s", "p50 ms", "p95 ms",
                "p99 ms", "max ms", "vs no-op", "answers"));
        if (baseline != null) {
            out.append(line(baseline, "1.00x / 1.00x"));
        }
        for (Recorder.Row row : rows) {
            out.append(line(row, ratio(row)));
        }
        out.append("  vs no-op = throughput ratio / p50 ratio to the no-op baseline of the same run\n");
        if (verdict != null) {
            out.append("  correctness:\n").append(verdict.table());
        }
        return out.toString();
    }

    private String ratio(Recorder.Row row) {
        if (baseline == null || baseline.perSecond() == 0) {
            return "-";
        }
        return String.format("%.2fx / %.2fx", row.perSecond() / baseline.perSecond(),
                (double) Math.max(1, row.p50()) / Math.max(1, baseline.p50()));
    }

    private static String line(Recorder.Row row, String ratio) {
        return String.format("  %-28s %7d %9.1f %7d %7d %7d %7d %14s  %s%n", row.name(), row.count(), row.perSecond(), row.p50(),
                row.p95(), row.p99(), row.max(), ratio, answers(row.outcomes()));
    }

    static String answers(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
