package dev.flashsale.loadtest.check;

/** One invariant's verdict, with the figures that back it. */
public record Result(String invariant, boolean passed, String detail) {

    public static Result of(String invariant, boolean passed, String detail) {
        return new Result(invariant, passed, detail);
    }

    public String line() {
        return String.format("  %-4s %-62s %s", passed ? "PASS" : "FAIL", invariant, detail);
    }
}
