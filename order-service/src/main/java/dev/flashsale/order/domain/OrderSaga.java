package dev.flashsale.order.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.StockReserved;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The persisted state machine that takes one order through stock → coupon → balance, and back again
 * when a step fails. It waits on one step at a time ({@link #step}) with a deadline, and remembers per
 * participant what was done ({@link Effect}), so every reply, whether expected, duplicated, reordered
 * or late, is judged against what the saga actually knows:
 * <ul>
 *   <li>an expected success moves forward; an expected rejection starts compensation;</li>
 *   <li>a duplicate changes nothing;</li>
 *   <li>a success for an effect already given up (undone or rejected) is compensated again, so nothing
 *       stays held: a late BalanceDeducted is refunded;</li>
 *   <li>a late rejection changes nothing: the compensation already out covers it.</li>
 * </ul>
 * Compensation is sequential, newest effect first, each one acknowledged before the next is sent.
 * Every method returns a {@link Transition}: the messages to append and what to record.
 */
@Entity
@Table(name = "order_saga")
public class OrderSaga {

    @Id
    @Column(name = "order_id")
    private long orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SagaState state;

    /** The step waited on; null once the saga is COMPLETED or CANCELLED. */
    @Enumerated(EnumType.STRING)
    private SagaStep step;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Effect stock = Effect.NONE;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Effect coupon = Effect.NONE;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Effect balance = Effect.NONE;

    @Enumerated(EnumType.STRING)
    @Column(name = "failure_reason")
    private ErrorCode failureReason;

    /** How many times the command of {@link #step} was sent. */
    @Column(nullable = false)
    private int attempts;

    /** When the step counts as unanswered; null when nothing is waited on, or the saga is FAILED. */
    private Instant deadline;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "step_started_at")
    private Instant stepStartedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    /** A wrapper, so a new saga (null) is inserted without a look-up first, though its id is assigned. */
    @Version
    private Long version;

    protected OrderSaga() {
    }

    /** The saga of a freshly placed order, not yet started. */
    public OrderSaga(Order order, OffsetDateTime now) {
        this.orderId = order.id();
        this.state = SagaState.RUNNING;
        this.startedAt = now.toInstant();
    }

    /** The first move: ask product-service to reserve every line. */
    public Transition begin(Order order, OffsetDateTime now, SagaTimeouts timeouts) {
        if (stock != Effect.NONE) {
            throw new IllegalStateException("saga of order " + orderId + " has begun already");
        }
        Transition transition = new Transition();
        request(Participant.STOCK, order, now, timeouts, transition);
        return transition;
    }

    // ---- forward replies ----

    public Transition onStockReserved(Order order, StockReserved reply, OffsetDateTime now, SagaTimeouts timeouts) {
        Transition transition = new Transition();
        if (succeeded(Participant.STOCK, order, now, timeouts, transition)) {
            order.priceWith(reply.items());
            if (order.userCouponId() != null) {
                request(Participant.COUPON, order, now, timeouts, transition);
            } else {
                request(Participant.BALANCE, order, now, timeouts, transition);
            }
        }
        return transition;
    }

    public Transition onCouponApplied(Order order, CouponApplied reply, OffsetDateTime now, SagaTimeouts timeouts) {
        Transition transition = new Transition();
        if (succeeded(Participant.COUPON, order, now, timeouts, transition)) {
            order.discount(reply.discountAmount());
            request(Participant.BALANCE, order, now, timeouts, transition);
        }
        return transition;
    }

    public Transition onBalanceDeducted(Order order, BalanceDeducted reply, OffsetDateTime now, SagaTimeouts timeouts) {
        Transition transition = new Transition();
        if (succeeded(Participant.BALANCE, order, now, timeouts, transition)) {
            transition.pay(new Payment(orderId, order.userId(), reply.amount(), reply.paymentRef(), now.toInstant()));
            order.complete(now);
            transition.send(order.completedEvent(now));
            state = SagaState.CONFIRMING;
            await(SagaStep.CONFIRM_STOCK, order, now, timeouts, transition);
        }
        return transition;
    }

    /** StockReservationFailed, CouponRejected or BalanceDeductionFailed, with the order's failure reason. */
    public Transition onRejected(Participant participant, ErrorCode reason, Order order, OffsetDateTime now,
                                 SagaTimeouts timeouts) {
        Transition transition = new Transition();
        if (isAwaiting(participant.forward()) && effect(participant) == Effect.REQUESTED) {
            set(participant, Effect.REJECTED);
            transition.answered(step, since(now));
            fail(reason, order, now, timeouts, transition);
        }
        return transition;
    }

    // ---- acknowledgements ----

    /** StockReleased, CouponRestored or BalanceRefunded: the participant holds nothing of this order. */
    public Transition onUndone(Participant participant, Order order, OffsetDateTime now, SagaTimeouts timeouts) {
        Transition transition = new Transition();
        if (participant == Participant.STOCK && step == SagaStep.CONFIRM_STOCK
                && (state == SagaState.CONFIRMING || state == SagaState.FAILED && stock == Effect.DONE)) {
            confirmationRefused(now, transition);
            return transition;
        }
        if (effect(participant) != Effect.UNDOING) {
            return transition;
        }
        set(participant, Effect.UNDONE);
        if (step == participant.compensation() && (state == SagaState.COMPENSATING || state == SagaState.FAILED)) {
            transition.answered(step, since(now));
            state = SagaState.COMPENSATING;
            compensateNext(order, now, timeouts, transition);
        }
        return transition;
    }

    public Transition onStockConfirmed(OffsetDateTime now) {
        Transition transition = new Transition();
        if (step == SagaStep.CONFIRM_STOCK && (state == SagaState.CONFIRMING || state == SagaState.FAILED)) {
            transition.answered(step, since(now));
            stock = Effect.CONFIRMED;
            failureReason = null;
            finish(SagaState.COMPLETED, now, transition);
        }
        return transition;
    }

    /**
     * product-service answered the confirmation with StockReleased: it holds no stock for this paid order any more
     * (the reservation expired before the confirmation came, and the units were sold to others since, so it could
     * not take them again). Nothing the saga can send makes that right: the order stays COMPLETED and paid, and the
     * saga stops, FAILED with {@link ErrorCode#OUT_OF_STOCK}, still awaiting the confirmation, for an operator to
     * add stock and redrive (product-service then sells it) or to refund the customer.
     */
    private void confirmationRefused(OffsetDateTime now, Transition transition) {
        transition.answered(step, since(now));
        stock = Effect.REJECTED;
        failureReason = ErrorCode.OUT_OF_STOCK;
        deadline = null;
        if (state != SagaState.FAILED) {
            state = SagaState.FAILED;
            transition.ended(SagaState.FAILED);
        }
    }

    // ---- time ----

    /**
     * The deadline passed without an answer. A forward step has failed (TIMEOUT) and is compensated
     * with the rest, since its participant may still have done it. A compensation or confirmation is
     * sent again, until the attempts run out and the saga is FAILED.
     */
    public Transition onDeadline(Order order, OffsetDateTime now, SagaTimeouts timeouts) {
        Transition transition = new Transition();
        if (deadline == null || now.toInstant().isBefore(deadline)) {
            return transition;
        }
        transition.timedOut(step);
        if (state == SagaState.RUNNING) {
            fail(ErrorCode.TIMEOUT, order, now, timeouts, transition);
        } else if (attempts >= timeouts.maxAttempts()) {
            state = SagaState.FAILED;
            deadline = null;
            transition.ended(SagaState.FAILED);
        } else {
            attempts++;
            deadline = now.toInstant().plus(timeouts.waitAfter(attempts));
            transition.resent(step);
            transition.send(step.command(order));
        }
        return transition;
    }

    /**
     * An operator's nudge for a FAILED or stuck saga: send the awaited command again with fresh attempts.
     *
     * @throws IllegalStateException when the saga is finished and waits on nothing
     */
    public Transition redrive(Order order, OffsetDateTime now, SagaTimeouts timeouts) {
        if (step == null || state.isTerminal()) {
            throw new IllegalStateException("saga of order " + orderId + " is " + state + " and waits on nothing");
        }
        state = switch (step) {
            case RESERVE_STOCK, USE_COUPON, DEDUCT_BALANCE -> SagaState.RUNNING;
            case CONFIRM_STOCK -> SagaState.CONFIRMING;
            case REFUND_BALANCE, RESTORE_COUPON, RELEASE_STOCK -> SagaState.COMPENSATING;
        };
        Transition transition = new Transition();
        transition.resent(step);
        await(step, order, now, timeouts, transition);
        return transition;
    }

    // ---- the moves ----

    /**
     * Judges a success reply. True when it is the answer the saga waits for; otherwise it records what
     * the reply proves (the effect exists) and compensates it when the saga had already given it up.
     */
    private boolean succeeded(Participant participant, Order order, OffsetDateTime now, SagaTimeouts timeouts,
                              Transition transition) {
        switch (effect(participant)) {
            case REQUESTED -> {
                set(participant, Effect.DONE);
                if (isAwaiting(participant.forward()) && state == SagaState.RUNNING) {
                    transition.answered(step, since(now));
                    return true;
                }
                // Timed out and compensating: it is undone in its turn, newest first.
                return false;
            }
            case UNDONE, REJECTED -> {
                // Done after the saga gave it up (or after saying no): undo it again, nothing stays held.
                transition.late();
                set(participant, Effect.UNDOING);
                transition.send(participant.compensation().command(order));
                if (state.isTerminal()) {
                    state = SagaState.COMPENSATING;
                    watch(participant.compensation(), now, timeouts);
                }
                return false;
            }
            default -> {
                // NONE (never asked), DONE or CONFIRMED (a duplicate), UNDOING (the compensation is already out).
                return false;
            }
        }
    }

    private void request(Participant participant, Order order, OffsetDateTime now, SagaTimeouts timeouts,
                         Transition transition) {
        set(participant, Effect.REQUESTED);
        await(participant.forward(), order, now, timeouts, transition);
    }

    /** Sends the command of {@code awaited} and waits on it. */
    private void await(SagaStep awaited, Order order, OffsetDateTime now, SagaTimeouts timeouts, Transition transition) {
        watch(awaited, now, timeouts);
        transition.send(awaited.command(order));
    }

    /** Waits on {@code awaited}, whose command is already out. */
    private void watch(SagaStep awaited, OffsetDateTime now, SagaTimeouts timeouts) {
        step = awaited;
        attempts = 1;
        stepStartedAt = now.toInstant();
        deadline = stepStartedAt.plus(timeouts.waitAfter(attempts));
    }

    private void fail(ErrorCode reason, Order order, OffsetDateTime now, SagaTimeouts timeouts, Transition transition) {
        failureReason = reason;
        state = SagaState.COMPENSATING;
        compensateNext(order, now, timeouts, transition);
    }

    /** Sends the compensation of the newest effect not yet undone, or, with none left, cancels the order. */
    private void compensateNext(Order order, OffsetDateTime now, SagaTimeouts timeouts, Transition transition) {
        for (Participant participant : Participant.NEWEST_FIRST) {
            Effect effect = effect(participant);
            if (effect == Effect.DONE || effect == Effect.REQUESTED) {
                set(participant, Effect.UNDOING);
                await(participant.compensation(), order, now, timeouts, transition);
                return;
            }
            if (effect == Effect.UNDOING) {
                // Its compensation went out when a late success came in; wait for that one, resend only on its deadline.
                watch(participant.compensation(), now, timeouts);
                return;
            }
        }
        if (order.isPending()) {
            order.cancel(failureReason, now);
            transition.send(order.cancelledEvent(now));
        }
        finish(SagaState.CANCELLED, now, transition);
    }

    private void finish(SagaState end, OffsetDateTime now, Transition transition) {
        boolean endsNow = endedAt == null;
        state = end;
        step = null;
        deadline = null;
        endedAt = now.toInstant();
        if (endsNow) {
            transition.ended(end);
        }
    }

    private boolean isAwaiting(SagaStep awaited) {
        return step == awaited;
    }

    private Duration since(OffsetDateTime now) {
        return stepStartedAt == null ? Duration.ZERO : Duration.between(stepStartedAt, now.toInstant());
    }

    private Effect effect(Participant participant) {
        return switch (participant) {
            case STOCK -> stock;
            case COUPON -> coupon;
            case BALANCE -> balance;
        };
    }

    private void set(Participant participant, Effect effect) {
        switch (participant) {
            case STOCK -> stock = effect;
            case COUPON -> coupon = effect;
            case BALANCE -> balance = effect;
        }
    }

    public long orderId() {
        return orderId;
    }

    public SagaState state() {
        return state;
    }

    public SagaStep step() {
        return step;
    }

    public Effect stock() {
        return stock;
    }

    public Effect coupon() {
        return coupon;
    }

    public Effect balance() {
        return balance;
    }

    public ErrorCode failureReason() {
        return failureReason;
    }

    public int attempts() {
        return attempts;
    }

    public Instant deadline() {
        return deadline;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }
}
