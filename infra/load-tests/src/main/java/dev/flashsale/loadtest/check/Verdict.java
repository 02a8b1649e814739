package dev.flashsale.loadtest.check;

import java.util.ArrayList;
import java.util.List;

/** Every invariant the checker evaluated; it passes only if each one does. */
public record Verdict(List<Result> results) {

    public Verdict {
        results = List.copyOf(results);
    }

    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(Result::passed);
    }

    public long failures() {
        return results.stream().filter(result -> !result.passed()).count();
    }

    /** This verdict with more results, e.g. a scenario's own expectations. */
    public Verdict with(List<Result> more) {
        List<Result> all = new ArrayList<>(results);
        all.addAll(more);
        return new Verdict(all);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        results.forEach(result -> out.append(result.line()).append('\n'));
        out.append(passed() ? "  => every invariant holds\n" : "  => " + failures() + " invariant(s) FAILED\n");
        return out.toString();
    }
}
