package dev.flashsale.order.saga.application;

import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.saga.domain.Participant;
import dev.flashsale.order.saga.domain.SagaPlan;
import dev.flashsale.order.saga.domain.Transition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A saga's table, read: the {@link SagaPlan} its state machine follows, the command each instruction becomes, and
 * which participant and meaning each reply type stands for.
 */
final class SagaDefinition {

    /** A reply type's place in the table. */
    record Route(SagaStepDefinition step, SagaStepDefinition.Reply<?> reply) {
    }

    private final List<SagaStepDefinition> steps;
    private final SagaPlan plan;
    private final Map<String, SagaStepDefinition> byParticipant = new HashMap<>();
    private final Map<Class<?>, Route> byReply = new HashMap<>();

    private SagaDefinition(List<SagaStepDefinition> steps) {
        this.steps = List.copyOf(steps);
        List<List<Participant>> stages = new ArrayList<>();
        for (SagaStepDefinition step : steps) {
            if (step.runsWithPrevious() && !stages.isEmpty()) {
                stages.get(stages.size() - 1).add(step.participant());
            } else {
                stages.add(new ArrayList<>(List.of(step.participant())));
            }
            byParticipant.put(step.participant().name(), step);
            for (SagaStepDefinition.Reply<?> reply : step.replies()) {
                if (byReply.put(reply.type(), new Route(step, reply)) != null) {
                    throw new IllegalArgumentException(reply.type().getSimpleName() + " answers two steps");
                }
            }
        }
        this.plan = SagaPlan.of(stages);
    }

    static SagaDefinition of(List<SagaStepDefinition> steps) {
        return new SagaDefinition(steps);
    }

    SagaPlan plan() {
        return plan;
    }

    List<SagaStepDefinition> steps() {
        return steps;
    }

    /** The command an instruction of the state machine stands for. */
    SagaMessage message(Transition.Instruction instruction, Order order) {
        SagaStepDefinition step = byParticipant.get(instruction.participant().name());
        return instruction.compensation() ? step.compensation(order) : step.command(order);
    }

    Optional<Route> route(SagaMessage reply) {
        return Optional.ofNullable(byReply.get(reply.getClass()));
    }

    /** Every reply type of every participant: what the saga's reply listener subscribes to. */
    List<Class<? extends SagaMessage>> replyTypes() {
        return steps.stream().flatMap(step -> step.replies().stream())
                .<Class<? extends SagaMessage>>map(SagaStepDefinition.Reply::type).toList();
    }
}
