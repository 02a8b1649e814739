package dev.flashsale.order.saga.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.saga.domain.Participant;
import dev.flashsale.order.saga.domain.StepResult;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of a saga's table: a participant, the command that asks it and the one that undoes its part, the three
 * replies it answers with (success, rejection, compensation acknowledged) and what each means for the order, when
 * it has nothing to do, and whether it runs together with the row before it. Built with {@link #participant}.
 */
public final class SagaStepDefinition {

    private final Participant participant;
    private final boolean withPrevious;
    private final Function<Order, SagaMessage> command;
    private final Function<Order, SagaMessage> compensation;
    private final Reply<?> success;
    private final Reply<?> rejection;
    private final Reply<?> undone;

    private SagaStepDefinition(Builder builder) {
        this.participant = new Participant(builder.name, builder.forwardStep, builder.compensationStep, builder.skipWhen);
        this.withPrevious = builder.withPrevious;
        this.command = Objects.requireNonNull(builder.command, "command of " + builder.name);
        this.compensation = Objects.requireNonNull(builder.compensation, "compensation of " + builder.name);
        this.success = Objects.requireNonNull(builder.success, "success reply of " + builder.name);
        this.rejection = Objects.requireNonNull(builder.rejection, "rejection reply of " + builder.name);
        this.undone = Objects.requireNonNull(builder.undone, "compensation reply of " + builder.name);
    }

    /**
     * Starts a row: the participant's name (the key of its progress row) and the names of its forward and
     * compensating steps (metric tags, e.g. {@code reserve_stock} and {@code release_stock}).
     */
    public static Builder participant(String name, String forwardStep, String compensationStep) {
        return new Builder(name, forwardStep, compensationStep);
    }

    public Participant participant() {
        return participant;
    }

    boolean runsWithPrevious() {
        return withPrevious;
    }

    SagaMessage command(Order order) {
        return command.apply(order);
    }

    SagaMessage compensation(Order order) {
        return compensation.apply(order);
    }

    /** The replies this participant answers with, each with what it means. */
    List<Reply<?>> replies() {
        return List.of(success, rejection, undone);
    }

    /** A reply type and what it means for the saga. */
    sealed interface Reply<T extends SagaMessage> {
        Class<T> type();
    }

    /** The participant did its part; {@code result} says what that tells the order. */
    record Success<T extends SagaMessage>(Class<T> type, Function<T, StepResult> result) implements Reply<T> {
        StepResult resultOf(SagaMessage reply) {
            return result.apply(type.cast(reply));
        }
    }

    /** The participant said no; {@code reason} is the order's failure reason. */
    record Rejection<T extends SagaMessage>(Class<T> type, Function<T, ErrorCode> reason) implements Reply<T> {
        ErrorCode reasonOf(SagaMessage reply) {
            return reason.apply(type.cast(reply));
        }
    }

    /** The participant holds nothing of the order any more. */
    record Undone<T extends SagaMessage>(Class<T> type) implements Reply<T> {
    }

    public static final class Builder {
        private final String name;
        private final String forwardStep;
        private final String compensationStep;
        private Predicate<Order> skipWhen = order -> false;
        private boolean withPrevious;
        private Function<Order, SagaMessage> command;
        private Function<Order, SagaMessage> compensation;
        private Reply<?> success;
        private Reply<?> rejection;
        private Reply<?> undone;

        private Builder(String name, String forwardStep, String compensationStep) {
            this.name = name;
            this.forwardStep = forwardStep;
            this.compensationStep = compensationStep;
        }

        /** The participant has nothing to do for such an order (e.g. no coupon): the saga passes it by. */
        public Builder skippedWhen(Predicate<Order> skip) {
            this.skipWhen = skip;
            return this;
        }

        /** Asked at the same time as the row before it; the next row waits for both. */
        public Builder inParallelWithPrevious() {
            this.withPrevious = true;
            return this;
        }

        public Builder command(Function<Order, SagaMessage> command) {
            this.command = command;
            return this;
        }

        public Builder compensation(Function<Order, SagaMessage> compensation) {
            this.compensation = compensation;
            return this;
        }

        public <T extends SagaMessage> Builder succeedsWith(Class<T> reply, Function<T, StepResult> result) {
            this.success = new Success<>(reply, result);
            return this;
        }

        public <T extends SagaMessage> Builder failsWith(Class<T> reply, Function<T, ErrorCode> reason) {
            this.rejection = new Rejection<>(reply, reason);
            return this;
        }

        public <T extends SagaMessage> Builder undoneWith(Class<T> reply) {
            this.undone = new Undone<>(reply);
            return this;
        }

        public SagaStepDefinition build() {
            return new SagaStepDefinition(this);
        }
    }
}
