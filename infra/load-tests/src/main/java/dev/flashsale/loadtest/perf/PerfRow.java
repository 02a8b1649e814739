package dev.flashsale.loadtest.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the performance table: what was measured, the figure, the aim it is held to, whether it met the
 * aim, and for a throughput row the correctness checker's verdict on the same run (a fast run that broke a
 * promise is a failed run). The details say how the figure came about, for whoever reads past the table.
 */
record PerfRow(String id, String what, String figure, String aim, Outcome outcome, String invariants, List<String> details) {

    enum Outcome { PASS, FAIL, NOT_MEASURED }

    PerfRow {
        details = List.copyOf(details);
    }

    static PerfRow judged(String id, String what, String figure, String aim, boolean met, String invariants,
                          List<String> details) {
        return new PerfRow(id, what, figure, aim, met ? Outcome.PASS : Outcome.FAIL, invariants, details);
    }

    /** A row whose measurement could not be made; the reason is its figure. */
    static PerfRow notMeasured(String id, String what, String aim, String reason) {
        return new PerfRow(id, what, reason, aim, Outcome.NOT_MEASURED, "-", List.of());
    }

    /** The same row with the checker's verdict on the run it was measured in. */
    PerfRow withInvariants(String verdict) {
        return new PerfRow(id, what, figure, aim, outcome, verdict, details);
    }

    /** The row passes when its figure met its aim and the checker (where it ran) found every invariant holding. */
    boolean passed() {
        return outcome == Outcome.PASS && (invariants.equals("-") || invariants.equals("PASS"));
    }

    static String table(List<PerfRow> rows) {
        int whatWidth = Math.max(4, rows.stream().mapToInt(r -> r.what().length()).max().orElse(4));
        int figureWidth = Math.max(6, rows.stream().mapToInt(r -> r.figure().length()).max().orElse(6));
        int aimWidth = Math.max(3, rows.stream().mapToInt(r -> r.aim().length()).max().orElse(3));
        String format = "%-3s %-" + whatWidth + "s  %-" + figureWidth + "s  %-" + aimWidth + "s  %-12s %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(format, "#", "what", "figure", "aim", "verdict", "invariants"));
        out.append(String.format(format, "-", "-".repeat(whatWidth), "-".repeat(figureWidth), "-".repeat(aimWidth),
                "-------", "----------"));
        for (PerfRow row : rows) {
            out.append(String.format(format, row.id(), row.what(), row.figure(), row.aim(),
                    row.outcome() == Outcome.NOT_MEASURED ? "NOT MEASURED" : row.outcome().name(), row.invariants()));
        }
        return out.toString();
    }

    static String details(List<PerfRow> rows) {
        List<String> lines = new ArrayList<>();
        for (PerfRow row : rows) {
            if (!row.details().isEmpty()) {
                lines.add(row.id() + " " + row.what() + ":");
                row.details().forEach(detail -> lines.add("    " + detail));
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
