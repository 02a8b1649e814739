package dev.flashsale.order.saga.domain;

import dev.flashsale.order.domain.Payment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one move of a saga decided, for the application to carry out in the same transaction: the participants to
 * ask (forward) or to undo, whether the order completed or was cancelled, the payment to record, and what the
 * metrics should count.
 */
public final class Transition {

    /** A command for one participant. */
    public record Instruction(Participant participant, boolean compensation) {
    }

    /** A step that got its answer, and how long after it was asked. */
    public record Answered(String step, Duration after) {
    }

    private final List<Instruction> instructions = new ArrayList<>();
    private final List<Answered> answered = new ArrayList<>();
    private final List<String> timedOut = new ArrayList<>();
    private final List<String> resent = new ArrayList<>();
    private Payment payment;
    private SagaState ended;
    private boolean late;
    private boolean orderCompleted;
    private boolean orderCancelled;

    void forward(Participant participant) {
        instructions.add(new Instruction(participant, false));
    }

    void compensate(Participant participant) {
        instructions.add(new Instruction(participant, true));
    }

    void pay(Payment payment) {
        this.payment = payment;
    }

    void answered(String step, Duration after) {
        answered.add(new Answered(step, after.isNegative() ? Duration.ZERO : after));
    }

    void timedOut(String step) {
        timedOut.add(step);
    }

    void resent(String step) {
        resent.add(step);
    }

    void ended(SagaState state) {
        ended = state;
    }

    void late() {
        late = true;
    }

    void orderCompleted() {
        orderCompleted = true;
    }

    void orderCancelled() {
        orderCancelled = true;
    }

    public List<Instruction> instructions() {
        return List.copyOf(instructions);
    }

    public Optional<Payment> payment() {
        return Optional.ofNullable(payment);
    }

    public List<Answered> answered() {
        return List.copyOf(answered);
    }

    public List<String> timedOut() {
        return List.copyOf(timedOut);
    }

    public List<String> resent() {
        return List.copyOf(resent);
    }

    /** COMPLETED, CANCELLED or FAILED when this move finished the saga (or gave up on it). */
    public Optional<SagaState> ended() {
        return Optional.ofNullable(ended);
    }

    /** A success reply came after the saga had given that step up, and was compensated. */
    public boolean compensatedLateReply() {
        return late;
    }

    /** The order became COMPLETED in this move: its OrderCompleted event goes out. */
    public boolean completedOrder() {
        return orderCompleted;
    }

    /** The order became CANCELLED in this move: its OrderCancelled event goes out. */
    public boolean cancelledOrder() {
        return orderCancelled;
    }
}
