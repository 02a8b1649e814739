package dev.flashsale.order.saga.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order in which participants act: stages, run one after the other; the participants of one stage are asked
 * at once and the next stage starts when every one of them has done its part. Compensation runs in the reverse of
 * this order, newest first, one participant at a time.
 */
public final class SagaPlan {

    private final List<List<Participant>> stages;
    private final List<Participant> newestFirst;

    private SagaPlan(List<List<Participant>> stages) {
        if (stages.isEmpty() || stages.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a saga plan has at least one stage and no empty stage");
        }
        Set<String> names = new HashSet<>();
        List<Participant> all = new ArrayList<>();
        for (List<Participant> stage : stages) {
            for (Participant participant : stage) {
                if (!names.add(participant.name())) {
                    throw new IllegalArgumentException("participant " + participant.name() + " appears twice");
                }
                all.add(participant);
            }
        }
        this.stages = stages.stream().map(List::copyOf).toList();
        Collections.reverse(all);
        this.newestFirst = List.copyOf(all);
    }

    public static SagaPlan of(List<List<Participant>> stages) {
        return new SagaPlan(stages);
    }

    int stageCount() {
        return stages.size();
    }

    List<Participant> stage(int index) {
        return stages.get(index);
    }

    int stageOf(Participant participant) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).contains(participant)) {
                return i;
            }
        }
        throw new IllegalArgumentException(participant + " is not part of this plan");
    }

    List<Participant> newestFirst() {
        return newestFirst;
    }

    /** Every participant, in the plan's order. */
    public List<Participant> participants() {
        List<Participant> inOrder = new ArrayList<>(newestFirst);
        Collections.reverse(inOrder);
        return inOrder;
    }

    public Participant named(String name) {
        return newestFirst.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no participant named " + name));
    }
}
