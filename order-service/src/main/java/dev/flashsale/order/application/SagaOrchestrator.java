package dev.flashsale.order.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.StockConfirmed;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.order.domain.FailureReasons;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderSaga;
import dev.flashsale.order.domain.Participant;
import dev.flashsale.order.domain.SagaState;
import dev.flashsale.order.domain.SagaTimeouts;
import dev.flashsale.order.domain.Transition;
import dev.flashsale.order.persistence.OrderRepository;
import dev.flashsale.order.persistence.OrderSagaRepository;
import dev.flashsale.order.persistence.PaymentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Carries out the order saga: every reply, deadline and redrive is one transaction that loads the
 * saga and its order, lets {@link OrderSaga} decide, and stores the result with the next commands in
 * the outbox. Concurrent moves of one saga (a reply and the sweeper, two instances' sweepers) queue:
 * the first holds the saga's row lock for the few milliseconds of its transaction, the second then
 * sees its result.
 */
@Service
public class SagaOrchestrator {

    private static final Logger log = LoggerFactory.getLogger(SagaOrchestrator.class);

    private final OrderRepository orders;
    private final OrderSagaRepository sagas;
    private final PaymentRepository payments;
    private final Outbox outbox;
    private final Clock clock;
    private final SagaTimeouts timeouts;
    private final SagaMetrics metrics;
    private final OrderWaiters waiters;

    public SagaOrchestrator(OrderRepository orders, OrderSagaRepository sagas, PaymentRepository payments, Outbox outbox,
                            Clock clock, OrderSettings settings, SagaMetrics metrics, OrderWaiters waiters) {
        this.orders = orders;
        this.sagas = sagas;
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
        this.timeouts = settings.saga().toTimeouts();
        this.metrics = metrics;
        this.waiters = waiters;
    }

    /** Starts the saga of a just-saved order, in the transaction that saved it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void start(Order order) {
        OffsetDateTime now = now();
        OrderSaga saga = sagas.save(new OrderSaga(order, now));
        apply(order, saga, saga.begin(order, now, timeouts), now, true);
        afterCommit(metrics::started);
    }

    @Transactional
    public void onStockReserved(StockReserved reply) {
        move(reply.orderId(), (order, saga, now) -> saga.onStockReserved(order, reply, now, timeouts));
    }

    @Transactional
    public void onStockReservationFailed(StockReservationFailed reply) {
        rejected(reply.orderId(), Participant.STOCK, FailureReasons.ofStock(reply.reason()));
    }

    @Transactional
    public void onCouponApplied(CouponApplied reply) {
        move(reply.orderId(), (order, saga, now) -> saga.onCouponApplied(order, reply, now, timeouts));
    }

    @Transactional
    public void onCouponRejected(CouponRejected reply) {
        rejected(reply.orderId(), Participant.COUPON, FailureReasons.ofCoupon(reply.reason()));
    }

    @Transactional
    public void onBalanceDeducted(BalanceDeducted reply) {
        move(reply.orderId(), (order, saga, now) -> saga.onBalanceDeducted(order, reply, now, timeouts));
    }

    @Transactional
    public void onBalanceDeductionFailed(BalanceDeductionFailed reply) {
        rejected(reply.orderId(), Participant.BALANCE, FailureReasons.ofBalance(reply.reason()));
    }

    @Transactional
    public void onStockReleased(StockReleased reply) {
        undone(reply.orderId(), Participant.STOCK);
    }

    @Transactional
    public void onCouponRestored(CouponRestored reply) {
        undone(reply.orderId(), Participant.COUPON);
    }

    @Transactional
    public void onBalanceRefunded(BalanceRefunded reply) {
        undone(reply.orderId(), Participant.BALANCE);
    }

    @Transactional
    public void onStockConfirmed(StockConfirmed reply) {
        move(reply.orderId(), (order, saga, now) -> saga.onStockConfirmed(now));
    }

    /** The sweeper found the saga past its deadline. */
    @Transactional
    public void expire(long orderId) {
        move(orderId, (order, saga, now) -> saga.onDeadline(order, now, timeouts));
    }

    /** An operator resumes a FAILED or stuck saga: its awaited command is sent again. */
    @Transactional
    public OrderSaga redrive(long orderId) {
        OrderSaga saga = sagas.lock(orderId)
                .orElseThrow(() -> new DomainException(ErrorCode.ORDER_NOT_FOUND, "order " + orderId + " does not exist"));
        if (saga.step() == null) {
            throw new DomainException(ErrorCode.CONFLICT,
                    "the saga of order " + orderId + " is " + saga.state() + " and waits on nothing");
        }
        move(orderId, (order, loaded, now) -> loaded.redrive(order, now, timeouts));
        return saga;
    }

    private void rejected(long orderId, Participant participant, ErrorCode reason) {
        move(orderId, (order, saga, now) -> saga.onRejected(participant, reason, order, now, timeouts));
    }

    private void undone(long orderId, Participant participant) {
        move(orderId, (order, saga, now) -> saga.onUndone(participant, order, now, timeouts));
    }

    private void move(long orderId, Move move) {
        OrderSaga saga = sagas.lock(orderId).orElseThrow(() -> new UnknownSagaException(orderId));
        Order order = orders.findById(orderId).orElseThrow();
        OffsetDateTime now = now();
        boolean wasPending = order.isPending();
        Transition transition = move.apply(order, saga, now);
        apply(order, saga, transition, now, wasPending);
    }

    private void apply(Order order, OrderSaga saga, Transition transition, OffsetDateTime now, boolean wasPending) {
        if (transition.ended().filter(SagaState.FAILED::equals).isPresent()) {
            log.warn("The saga of order {} is FAILED at {} (reason {}): it waits for an operator, see docs/runbook.md",
                    order.id(), saga.step(), saga.failureReason());
        }
        transition.messages().forEach(outbox::append);
        transition.payment().ifPresent(payments::save);
        if (wasPending && !order.isPending()) {
            waiters.wakeAfterCommit(order.id());
        }
        afterCommit(() -> metrics.record(transition, saga.failureReason(), saga.startedAt(), now.toInstant()));
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    @FunctionalInterface
    private interface Move {
        Transition apply(Order order, OrderSaga saga, OffsetDateTime now);
    }
}
