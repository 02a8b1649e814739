package dev.flashsale.order.saga.domain;

import dev.flashsale.order.domain.Order;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A service that does a part of the order, as the saga's state machine sees it: a name (the key of its progress
 * row), the names of its forward step and of the step that undoes it (metric tags, log lines), and when it has
 * nothing to do for an order.
 */
public record Participant(String name, String forwardStep, String compensationStep, Predicate<Order> skipWhen) {

    public Participant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(forwardStep, "forwardStep");
        Objects.requireNonNull(compensationStep, "compensationStep");
        Objects.requireNonNull(skipWhen, "skipWhen");
    }

    public boolean skips(Order order) {
        return skipWhen.test(order);
    }

    @Override
    public String toString() {
        return name;
    }
}
