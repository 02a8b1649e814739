package dev.flashsale.groupcommit;

import java.time.Duration;
import java.util.List;

/**
 * One try of a batch, as its {@link BatchHandler} sees it.
 *
 * @param number        1 for the first try
 * @param deadlineNanos the {@link System#nanoTime()} by which the batch must be decided; past it the engine answers
 *                      its requests {@link GroupCommitException.Reason#OUTCOME_UNKNOWN} and ignores what the handler
 *                      returns, so a handler bounds its own waits (a statement timeout) by {@link #remaining()}
 * @param inDoubt       what each earlier try of this batch that failed in doubt ({@link InDoubtException}) said it
 *                      may have written, oldest first; empty when no earlier try can have taken effect
 */
public record Attempt(int number, long deadlineNanos, List<Object> inDoubt) {

    public Attempt {
        inDoubt = List.copyOf(inDoubt);
    }

    /** Whether an earlier try of this batch may have taken effect, so that this one must recognise its work. */
    public boolean isInDoubt() {
        return !inDoubt.isEmpty();
    }

    /** Time left before the batch's deadline; zero once it has passed. */
    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }
}
