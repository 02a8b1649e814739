package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.fixture.Fixtures;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Row 7's first half, the stack at rest: once every saga has ended and a pause has let the last messages and
 * writes drain, the CPU of every process of the stack over {@code window} with no traffic at all (nothing
 * from this driver either). What remains is what the stack spends on itself: relays polling, schedulers,
 * consumers' fetches, heartbeats, PostgreSQL's background work.
 */
final class AtRest {

    static final String WHAT = "stack at rest: CPU of every process, no traffic";
    static final String AIM = "<= 0.10 cores";

    private AtRest() {
    }

    static PerfRow run(PerfContext context, Duration pause, Duration window) {
        context.awaitSettled();
        System.out.printf("[perf] at rest: %d s of quiet, then %d s measured%n", pause.toSeconds(), window.toSeconds());
        Fixtures.sleep(pause.toMillis());
        StackMeter.Sample before = context.meter().sample();
        Fixtures.sleep(window.toMillis());
        StackMeter.Use use = StackMeter.Use.between(before, context.meter().sample());
        double cores = use.cores(use.stack());
        return PerfRow.judged("7a", WHAT, String.format(Locale.ROOT, "%.3f cores", cores), AIM, cores <= 0.1, "-",
                List.of(use.describe()));
    }
}
