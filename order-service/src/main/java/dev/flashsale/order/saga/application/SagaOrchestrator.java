package dev.flashsale.order.saga.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.events.OrderCancelled;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.events.OrderItem;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderFinished;
import dev.flashsale.order.persistence.OrderStore;
import dev.flashsale.order.persistence.PaymentStore;
import dev.flashsale.order.saga.domain.OrderSaga;
import dev.flashsale.order.saga.domain.Participant;
import dev.flashsale.order.saga.domain.SagaPlan;
import dev.flashsale.order.saga.domain.SagaState;
import dev.flashsale.order.saga.domain.SagaTimeouts;
import dev.flashsale.order.saga.domain.Transition;
import dev.flashsale.order.saga.persistence.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Carries out the order saga of {@link CreateOrderSaga}: every reply, deadline and redrive is one move that locks
 * the saga's row, loads its order, lets {@link OrderSaga} decide, and stores the result with the commands it
 * decided on in the outbox, all in the caller's transaction (a reply's inbox transaction). Concurrent moves of one
 * saga (a reply and the sweeper, two instances) queue on the saga's row lock; the second sees the first's result.
 */
@Service
public class SagaOrchestrator {

    private static final Logger log = LoggerFactory.getLogger(SagaOrchestrator.class);

    private final SagaDefinition definition = CreateOrderSaga.DEFINITION;
    private final SagaPlan plan = definition.plan();
    private final OrderStore orders;
    private final SagaStore sagas;
    private final PaymentStore payments;
    private final Outbox outbox;
    private final Clock clock;
    private final SagaTimeouts timeouts;
    private final SagaMetrics metrics;
    private final ApplicationEventPublisher events;

    public SagaOrchestrator(OrderStore orders, SagaStore sagas, PaymentStore payments, Outbox outbox, Clock clock,
                            SagaSettings settings, SagaMetrics metrics, ApplicationEventPublisher events) {
        this.orders = orders;
        this.sagas = sagas;
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
        this.timeouts = settings.toTimeouts();
        this.metrics = metrics;
        this.events = events;
    }

    /** Starts the saga of a just-stored order, in the transaction that stored it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void start(Order order) {
        Instant now = now();
        OrderSaga saga = OrderSaga.of(order, now);
        apply(order, saga, saga.begin(plan, order, now, timeouts), now, true);
        afterCommit(metrics::started);
    }

    /** A participant's reply, of any type the saga's table names. */
    @Transactional
    public void onReply(SagaMessage reply) {
        SagaDefinition.Route route = definition.route(reply)
                .orElseThrow(() -> new IllegalArgumentException("the order saga has no step answered by "
                        + reply.getClass().getSimpleName()));
        Participant participant = route.step().participant();
        SagaStepDefinition.Reply<?> meaning = route.reply();
        move(reply.orderId(), (order, saga, now) -> {
            if (meaning instanceof SagaStepDefinition.Success<?> success) {
                return saga.onSucceeded(plan, participant, success.resultOf(reply), order, now, timeouts);
            }
            if (meaning instanceof SagaStepDefinition.Rejection<?> rejection) {
                return saga.onRejected(plan, participant, rejection.reasonOf(reply), order, now, timeouts);
            }
            return saga.onUndone(plan, participant, order, now, timeouts);
        });
    }

    /** Every reply type of the saga's participants, for the reply listener. */
    public List<Class<? extends SagaMessage>> replyTypes() {
        return definition.replyTypes();
    }

    /** The sweeper found the saga past a deadline. */
    @Transactional
    public void expire(long orderId) {
        move(orderId, (order, saga, now) -> saga.onDeadline(plan, order, now, timeouts));
    }

    /** An operator resumes a FAILED or stuck saga: its awaited commands are sent again. */
    @Transactional
    public OrderSaga redrive(long orderId) {
        OrderSaga saga = sagas.lock(orderId)
                .orElseThrow(() -> new DomainException(ErrorCode.ORDER_NOT_FOUND, "order " + orderId + " does not exist"));
        if (!saga.waitsOnSomething(plan)) {
            throw new DomainException(ErrorCode.CONFLICT,
                    "the saga of order " + orderId + " is " + saga.state() + " and waits on nothing");
        }
        Order order = orders.find(orderId).orElseThrow();
        Instant now = now();
        apply(order, saga, saga.redrive(plan, order, now, timeouts), now, order.isPending());
        return saga;
    }

    /** The participants of the saga, in the order they act (for operators). */
    public SagaPlan plan() {
        return plan;
    }

    private void move(long orderId, Move move) {
        OrderSaga saga = sagas.lock(orderId).orElseThrow(() -> new UnknownSagaException(orderId));
        Order order = orders.find(orderId).orElseThrow();
        Instant now = now();
        boolean wasPending = order.isPending();
        apply(order, saga, move.apply(order, saga, now), now, wasPending);
    }

    private void apply(Order order, OrderSaga saga, Transition transition, Instant now, boolean wasPending) {
        if (transition.ended().filter(SagaState.FAILED::equals).isPresent()) {
            log.warn("The saga of order {} is FAILED (reason {}): a compensation went unacknowledged through every "
                    + "retry; the order NEEDS_ATTENTION, see docs/runbook.md", order.id(), saga.failureReason());
        }
        for (Transition.Instruction instruction : transition.instructions()) {
            outbox.append(definition.message(instruction, order));
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, clock.getZone());
        if (transition.completedOrder()) {
            outbox.append(completed(order, at));
        }
        if (transition.cancelledOrder()) {
            outbox.append(cancelled(order, at));
        }
        transition.payment().ifPresent(payments::insert);
        sagas.save(saga);
        orders.update(order);
        if (wasPending && !order.isPending()) {
            events.publishEvent(new OrderFinished(order));
        }
        afterCommit(() -> metrics.record(transition, saga.failureReason(), saga.startedAt(), now));
    }

    /**
     * The time of a move, to the microsecond that PostgreSQL keeps: the order a waiting client is answered with from
     * memory ({@code OrderFinished}) has the times a read of it gives.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Message completed(Order order, OffsetDateTime at) {
        List<OrderItem> lines = order.items().stream()
                .map(item -> new OrderItem(item.productId(), item.variantId(), item.quantity(), item.unitPrice(),
                        item.productName()))
                .toList();
        return new OrderCompleted(order.id(), order.userId(), lines, order.totalAmount(), order.discountAmount(),
                order.paidAmount(), order.userCouponId(), at);
    }

    private static Message cancelled(Order order, OffsetDateTime at) {
        List<OrderCancelled.CancelledItem> lines = order.items().stream()
                .map(item -> new OrderCancelled.CancelledItem(item.variantId(), item.quantity(), item.productId(),
                        item.unitPrice()))
                .toList();
        return new OrderCancelled(order.id(), order.userId(), lines, order.failureReason(), order.userCouponId(), at);
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    @FunctionalInterface
    private interface Move {
        Transition apply(Order order, OrderSaga saga, Instant now);
    }
}
