package dev.flashsale.order.saga.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The persisted state machine that takes one order through the participants of a {@link SagaPlan}, and back again
 * when one fails. It remembers per participant what was done ({@link ParticipantProgress}), so every reply, whether
 * expected, duplicated, reordered or late, is judged against what the saga actually knows:
 * <ul>
 *   <li>an expected success moves forward (the next stage, or the order completes once the last is done); an
 *       expected rejection starts compensation;</li>
 *   <li>a duplicate changes nothing;</li>
 *   <li>a success for an effect already given up (undone or rejected) is compensated again, so nothing stays held:
 *       a late BalanceDeducted is refunded;</li>
 *   <li>a late rejection changes nothing: the compensation already out covers it.</li>
 * </ul>
 * Compensation is sequential, newest effect first, each one acknowledged before the next is sent; one that is never
 * acknowledged through every retry makes the saga FAILED and the order NEEDS_ATTENTION. Every method returns a
 * {@link Transition}: what to send and what to record.
 */
public final class OrderSaga {

    private final long orderId;
    private final Instant startedAt;
    private final Map<String, ParticipantProgress> progress;
    private final Set<String> changedParticipants = new LinkedHashSet<>();
    private final boolean isNew;
    private SagaState state;
    private ErrorCode failureReason;
    private Instant endedAt;
    private boolean changed;

    private OrderSaga(long orderId, SagaState state, ErrorCode failureReason, Instant startedAt, Instant endedAt,
                      Map<String, ParticipantProgress> progress, boolean isNew) {
        this.orderId = orderId;
        this.state = Objects.requireNonNull(state, "state");
        this.failureReason = failureReason;
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.endedAt = endedAt;
        this.progress = new LinkedHashMap<>(progress);
        this.isNew = isNew;
    }

    /** The saga of a freshly placed order, not yet begun. */
    public static OrderSaga of(Order order, Instant now) {
        return new OrderSaga(Objects.requireNonNull(order.id(), "order id"), SagaState.RUNNING, null, now, null,
                Map.of(), true);
    }

    /** A saga as it was stored, with the progress of every participant it has asked. */
    public static OrderSaga restore(long orderId, SagaState state, ErrorCode failureReason, Instant startedAt,
                                    Instant endedAt, Map<String, ParticipantProgress> progress) {
        return new OrderSaga(orderId, state, failureReason, startedAt, endedAt, progress, false);
    }

    /** The first move: ask the participants of the first stage that has something to do for this order. */
    public Transition begin(SagaPlan plan, Order order, Instant now, SagaTimeouts timeouts) {
        if (!progress.isEmpty()) {
            throw new IllegalStateException("saga of order " + orderId + " has begun already");
        }
        Transition transition = new Transition();
        startStage(plan, 0, order, now, timeouts, transition);
        return transition;
    }

    // ---- replies ----

    /** The participant did its part; {@code result} is what it tells the order (prices, a discount, a payment). */
    public Transition onSucceeded(SagaPlan plan, Participant participant, StepResult result, Order order, Instant now,
                                  SagaTimeouts timeouts) {
        Transition transition = new Transition();
        ParticipantProgress done = progressOf(participant);
        switch (done.effect()) {
            case REQUESTED -> {
                done.set(Effect.DONE);
                done.stopWaiting();
                touch(participant);
                if (state == SagaState.RUNNING) {
                    transition.answered(participant.forwardStep(), since(done, now));
                    result.applyTo(order, transition, now);
                    int stage = plan.stageOf(participant);
                    if (stageIsDone(plan, stage, order)) {
                        startStage(plan, stage + 1, order, now, timeouts, transition);
                    }
                }
                // Otherwise the saga is compensating: this effect is undone in its turn, newest first.
            }
            case UNDONE, REJECTED -> {
                // Done after the saga gave it up (or after saying no): undo it again, nothing stays held.
                transition.late();
                done.set(Effect.UNDOING);
                done.sentUnwatched();
                touch(participant);
                transition.compensate(participant);
                if (state.isTerminal()) {
                    moveTo(SagaState.COMPENSATING);
                    done.watch(now, timeouts);
                }
            }
            default -> {
                // NONE (never asked), DONE (a duplicate), UNDOING (its compensation is already out).
            }
        }
        return transition;
    }

    /** The participant said no and did nothing; {@code reason} is the order's failure reason. */
    public Transition onRejected(SagaPlan plan, Participant participant, ErrorCode reason, Order order, Instant now,
                                 SagaTimeouts timeouts) {
        Transition transition = new Transition();
        ParticipantProgress rejected = progressOf(participant);
        if (rejected.effect() == Effect.REQUESTED) {
            rejected.set(Effect.REJECTED);
            rejected.stopWaiting();
            touch(participant);
            if (state == SagaState.RUNNING) {
                transition.answered(participant.forwardStep(), since(rejected, now));
                fail(plan, reason, order, now, timeouts, transition);
            }
        }
        return transition;
    }

    /** The participant acknowledged its compensation: it holds nothing of this order any more. */
    public Transition onUndone(SagaPlan plan, Participant participant, Order order, Instant now, SagaTimeouts timeouts) {
        Transition transition = new Transition();
        ParticipantProgress undone = progressOf(participant);
        if (undone.effect() != Effect.UNDOING) {
            return transition;
        }
        boolean awaited = undone.isWatchedUndo();
        undone.set(Effect.UNDONE);
        undone.stopWaiting();
        touch(participant);
        if (awaited && (state == SagaState.COMPENSATING || state == SagaState.FAILED)) {
            transition.answered(participant.compensationStep(), since(undone, now));
            moveTo(SagaState.COMPENSATING);
            compensateNext(plan, order, now, timeouts, transition);
        }
        return transition;
    }

    // ---- time ----

    /**
     * A deadline passed without an answer. A forward step has failed (TIMEOUT) and is compensated with the rest,
     * since its participant may still have done it. A compensation is sent again, until the attempts run out and the
     * saga is FAILED (the order NEEDS_ATTENTION).
     */
    public Transition onDeadline(SagaPlan plan, Order order, Instant now, SagaTimeouts timeouts) {
        Transition transition = new Transition();
        if (state.isTerminal()) {
            // A deadline left on a participant of a finished saga is stale: nothing is sent for an ended order.
            return transition;
        }
        List<Participant> due = plan.participants().stream()
                .filter(participant -> progress.containsKey(participant.name()) && progressOf(participant).isDue(now))
                .toList();
        if (due.isEmpty()) {
            return transition;
        }
        if (state == SagaState.RUNNING) {
            due.forEach(participant -> transition.timedOut(participant.forwardStep()));
            fail(plan, ErrorCode.TIMEOUT, order, now, timeouts, transition);
            return transition;
        }
        for (Participant participant : due) {
            ParticipantProgress waiting = progressOf(participant);
            transition.timedOut(participant.compensationStep());
            touch(participant);
            if (waiting.attempts() >= timeouts.maxAttempts()) {
                waiting.stopWaiting();
                moveTo(SagaState.FAILED);
                transition.ended(SagaState.FAILED);
                if (order.isPending()) {
                    order.needsAttention(failureReason);
                }
            } else {
                waiting.resent(now, timeouts);
                transition.resent(participant.compensationStep());
                transition.compensate(participant);
            }
        }
        return transition;
    }

    /**
     * An operator's nudge for a FAILED or stuck saga: send every awaited command again with fresh attempts.
     *
     * @throws IllegalStateException when the saga is finished and waits on nothing
     */
    public Transition redrive(SagaPlan plan, Order order, Instant now, SagaTimeouts timeouts) {
        if (!waitsOnSomething(plan)) {
            throw new IllegalStateException("saga of order " + orderId + " is " + state + " and waits on nothing");
        }
        Transition transition = new Transition();
        if (state == SagaState.FAILED) {
            moveTo(SagaState.COMPENSATING);
        }
        for (Participant participant : plan.participants()) {
            ParticipantProgress awaited = progress.get(participant.name());
            if (awaited == null) {
                continue;
            }
            if (state == SagaState.RUNNING && awaited.effect() == Effect.REQUESTED) {
                awaited.redrive(now, timeouts);
                touch(participant);
                transition.resent(participant.forwardStep());
                transition.forward(participant);
            } else if (state == SagaState.COMPENSATING && awaited.isWatchedUndo()) {
                awaited.redrive(now, timeouts);
                touch(participant);
                transition.resent(participant.compensationStep());
                transition.compensate(participant);
            }
        }
        return transition;
    }

    /** Whether a command is out that the saga waits (or, FAILED, gave up waiting) for. */
    public boolean waitsOnSomething(SagaPlan plan) {
        if (state.isTerminal()) {
            return false;
        }
        return progress.values().stream().anyMatch(p -> state == SagaState.RUNNING
                ? p.effect() == Effect.REQUESTED
                : p.isWatchedUndo());
    }

    // ---- the moves ----

    /** Asks every participant of the first stage from {@code first} on that has something to do; completes if none. */
    private void startStage(SagaPlan plan, int first, Order order, Instant now, SagaTimeouts timeouts,
                            Transition transition) {
        for (int stage = first; stage < plan.stageCount(); stage++) {
            boolean asked = false;
            for (Participant participant : plan.stage(stage)) {
                if (!participant.skips(order)) {
                    request(participant, now, timeouts, transition);
                    asked = true;
                }
            }
            if (asked) {
                return;
            }
        }
        order.complete(now);
        transition.orderCompleted();
        finish(SagaState.COMPLETED, now, transition);
    }

    private boolean stageIsDone(SagaPlan plan, int stage, Order order) {
        return plan.stage(stage).stream()
                .allMatch(participant -> participant.skips(order) || progressOf(participant).effect() == Effect.DONE);
    }

    private void request(Participant participant, Instant now, SagaTimeouts timeouts, Transition transition) {
        ParticipantProgress requested = progress.computeIfAbsent(participant.name(), name -> ParticipantProgress.none());
        requested.set(Effect.REQUESTED);
        requested.watch(now, timeouts);
        touch(participant);
        transition.forward(participant);
    }

    private void fail(SagaPlan plan, ErrorCode reason, Order order, Instant now, SagaTimeouts timeouts,
                      Transition transition) {
        failureReason = reason;
        moveTo(SagaState.COMPENSATING);
        // Steps still out are undone in their turn; their answers no longer have a deadline to meet.
        for (Participant participant : plan.participants()) {
            ParticipantProgress out = progress.get(participant.name());
            if (out != null && out.effect() == Effect.REQUESTED) {
                out.stopWaiting();
                touch(participant);
            }
        }
        compensateNext(plan, order, now, timeouts, transition);
    }

    /** Sends the compensation of the newest effect not yet undone, or, with none left, cancels the order. */
    private void compensateNext(SagaPlan plan, Order order, Instant now, SagaTimeouts timeouts, Transition transition) {
        for (Participant participant : plan.newestFirst()) {
            ParticipantProgress effect = progress.get(participant.name());
            if (effect == null) {
                continue;
            }
            switch (effect.effect()) {
                case DONE, REQUESTED -> {
                    effect.set(Effect.UNDOING);
                    effect.watch(now, timeouts);
                    touch(participant);
                    transition.compensate(participant);
                    return;
                }
                case UNDOING -> {
                    // Its compensation went out when a late success came in; wait for that one, resend on its deadline.
                    if (!effect.isWatchedUndo()) {
                        effect.watch(now, timeouts);
                        touch(participant);
                    }
                    return;
                }
                default -> {
                    // NONE, REJECTED, UNDONE: nothing held there.
                }
            }
        }
        if (order.status() == OrderStatus.PENDING || order.status() == OrderStatus.NEEDS_ATTENTION) {
            order.cancel(failureReason, now);
            transition.orderCancelled();
        }
        finish(SagaState.CANCELLED, now, transition);
    }

    private void finish(SagaState end, Instant now, Transition transition) {
        boolean endsNow = endedAt == null;
        moveTo(end);
        endedAt = now;
        changed = true;
        progress.forEach((name, effect) -> {
            if (effect.deadline() != null) {
                effect.stopWaiting();
                changedParticipants.add(name);
            }
        });
        if (endsNow) {
            transition.ended(end);
        }
    }

    private void moveTo(SagaState next) {
        if (state != next) {
            state = next;
            changed = true;
        }
    }

    private ParticipantProgress progressOf(Participant participant) {
        ParticipantProgress found = progress.get(participant.name());
        return found == null ? ParticipantProgress.none() : found;
    }

    private void touch(Participant participant) {
        changedParticipants.add(participant.name());
    }

    private static Duration since(ParticipantProgress effect, Instant now) {
        return effect.since() == null ? Duration.ZERO : Duration.between(effect.since(), now);
    }

    // ---- what the store and the operators see ----

    public long orderId() {
        return orderId;
    }

    public SagaState state() {
        return state;
    }

    public ErrorCode failureReason() {
        return failureReason;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    /** The progress of every participant the saga has asked, by participant name, in the order they were asked. */
    public Map<String, ParticipantProgress> progress() {
        return Collections.unmodifiableMap(progress);
    }

    public Effect effectOf(String participant) {
        ParticipantProgress found = progress.get(participant);
        return found == null ? Effect.NONE : found.effect();
    }

    /** The earliest deadline the saga waits on, if any. */
    public Instant nextDeadline() {
        return progress.values().stream().map(ParticipantProgress::deadline).filter(Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
    }

    /** Whether this saga has never been stored. */
    public boolean isNew() {
        return isNew;
    }

    /** Whether the saga's own row changed in this move. */
    public boolean isChanged() {
        return changed;
    }

    /** Participants whose progress changed in this move, by name. */
    public Set<String> changedParticipants() {
        return Collections.unmodifiableSet(changedParticipants);
    }
}
