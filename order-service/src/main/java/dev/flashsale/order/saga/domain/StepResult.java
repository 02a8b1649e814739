package dev.flashsale.order.saga.domain;

import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.Payment;
import dev.flashsale.order.domain.PricedLine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a participant's success tells the order, in the order's own terms. Applied only when the success is the
 * answer the saga waits for; a duplicate or a late success changes nothing on the order.
 */
public sealed interface StepResult {

    void applyTo(Order order, Transition transition, Instant now);

    /** Nothing beyond "done". */
    record Done() implements StepResult {
        @Override
        public void applyTo(Order order, Transition transition, Instant now) {
        }
    }

    /** The stock is held for the order, at these prices. */
    record Priced(List<PricedLine> lines) implements StepResult {
        public Priced {
            lines = List.copyOf(lines);
        }

        @Override
        public void applyTo(Order order, Transition transition, Instant now) {
            order.priceWith(lines);
        }
    }

    /** The coupon is used and takes this much off. */
    record Discounted(long amount) implements StepResult {
        @Override
        public void applyTo(Order order, Transition transition, Instant now) {
            order.discount(amount);
        }
    }

    /** The money left the customer's balance. */
    record Paid(long amount, String paymentRef) implements StepResult {
        public Paid {
            Objects.requireNonNull(paymentRef, "paymentRef");
        }

        @Override
        public void applyTo(Order order, Transition transition, Instant now) {
            transition.pay(new Payment(order.id(), order.userId(), amount, paymentRef, now));
        }
    }
}
