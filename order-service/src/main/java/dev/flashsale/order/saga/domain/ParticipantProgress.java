package dev.flashsale.order.saga.domain;

import java.time.Instant;

/**
 * How far one participant got with one order: its {@link Effect}, how many times the command the saga waits on was
 * sent, since when, and until when the saga waits. One row per participant the saga has asked.
 */
public final class ParticipantProgress {

    private Effect effect;
    private int attempts;
    private Instant since;
    private Instant deadline;

    public ParticipantProgress(Effect effect, int attempts, Instant since, Instant deadline) {
        this.effect = effect;
        this.attempts = attempts;
        this.since = since;
        this.deadline = deadline;
    }

    static ParticipantProgress none() {
        return new ParticipantProgress(Effect.NONE, 0, null, null);
    }

    /** Waits on a command just sent (or, for a compensation already out, just taken up). */
    void watch(Instant now, SagaTimeouts timeouts) {
        attempts = 1;
        since = now;
        deadline = now.plus(timeouts.waitAfter(attempts));
    }

    void resent(Instant now, SagaTimeouts timeouts) {
        attempts++;
        deadline = now.plus(timeouts.waitAfter(attempts));
    }

    void redrive(Instant now, SagaTimeouts timeouts) {
        watch(now, timeouts);
    }

    void set(Effect effect) {
        this.effect = effect;
    }

    void stopWaiting() {
        deadline = null;
    }

    /** A compensation sent after the saga had moved on (a late success), not yet waited on in its turn. */
    void sentUnwatched() {
        attempts = 0;
        deadline = null;
    }

    boolean isDue(Instant now) {
        return deadline != null && !now.isBefore(deadline);
    }

    /** Its compensation is out and the saga waits on it (or, FAILED, gave up waiting on it). */
    boolean isWatchedUndo() {
        return effect == Effect.UNDOING && attempts > 0;
    }

    public Effect effect() {
        return effect;
    }

    public int attempts() {
        return attempts;
    }

    public Instant since() {
        return since;
    }

    public Instant deadline() {
        return deadline;
    }
}
