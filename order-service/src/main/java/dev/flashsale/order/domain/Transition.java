package dev.flashsale.order.domain;

import dev.flashsale.contracts.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one move of a saga decided, for the application to carry out in the same transaction: the
 * messages to append to the outbox, the payment to record, and what the metrics should count.
 */
public final class Transition {

    /** A step that got its answer, and how long after it was asked. */
    public record Answered(SagaStep step, Duration after) {
    }

    private final List<Message> messages = new ArrayList<>();
    private Payment payment;
    private Answered answered;
    private SagaStep timedOut;
    private SagaStep resent;
    private SagaState ended;
    private boolean late;

    void send(Message message) {
        messages.add(message);
    }

    void pay(Payment payment) {
        this.payment = payment;
    }

    void answered(SagaStep step, Duration after) {
        answered = new Answered(step, after);
    }

    void timedOut(SagaStep step) {
        timedOut = step;
    }

    void resent(SagaStep step) {
        resent = step;
    }

    void ended(SagaState state) {
        ended = state;
    }

    void late() {
        late = true;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public Optional<Payment> payment() {
        return Optional.ofNullable(payment);
    }

    public Optional<Answered> answered() {
        return Optional.ofNullable(answered);
    }

    public Optional<SagaStep> timedOut() {
        return Optional.ofNullable(timedOut);
    }

    public Optional<SagaStep> resent() {
        return Optional.ofNullable(resent);
    }

    /** COMPLETED, CANCELLED or FAILED when this move finished the saga (or gave up on it). */
    public Optional<SagaState> ended() {
        return Optional.ofNullable(ended);
    }

    /** A success reply came after the saga had given that step up, and was compensated. */
    public boolean compensatedLateReply() {
        return late;
    }
}
