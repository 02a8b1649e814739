package dev.flashsale.order.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.messaging.IdempotentRequests;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderLimits;
import dev.flashsale.order.persistence.OrderStore;
import dev.flashsale.order.saga.application.SagaOrchestrator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Placing orders and reading them back. */
@Service
public class Orders {

    private final OrderStore orders;
    private final SagaOrchestrator saga;
    private final IdempotentRequests idempotentRequests;
    private final OrderWaiters waiters;
    private final OrderAdmission admission;
    private final Clock clock;
    private final OrderLimits limits;
    private final Duration maxWait;

    public Orders(OrderStore orders, SagaOrchestrator saga, IdempotentRequests idempotentRequests,
                  OrderWaiters waiters, OrderAdmission admission, Clock clock, OrderSettings settings) {
        this.orders = orders;
        this.saga = saga;
        this.idempotentRequests = idempotentRequests;
        this.waiters = waiters;
        this.admission = admission;
        this.clock = clock;
        this.limits = settings.limits().toLimits();
        this.maxWait = settings.waiting().max();
    }

    /**
     * Stores the order PENDING, its saga, and the saga's first command in one transaction. With an
     * {@code idempotencyKey}, a retry of the same request by the same user returns the first order. A new order
     * needs a place in {@link OrderAdmission} first: without one it is refused ({@code RATE_LIMITED}) and nothing is
     * kept, the key included.
     */
    public OrderAccepted place(PlaceOrder request, String idempotencyKey) {
        String scope = "orders:user:" + request.userId();
        // While admission is full, a new order is refused before any transaction: only a retry of an order accepted
        // earlier (its key is known) goes on, to be answered from its key.
        if (admission.isFull() && (idempotencyKey == null || !idempotentRequests.isKnown(scope, idempotencyKey))) {
            throw admission.refusal();
        }
        return idempotentRequests.execute(scope, idempotencyKey, request,
                OrderAccepted.class, () -> {
                    admission.admit();
                    Order order = orders.insert(Order.place(request.userId(), request.items(), request.userCouponId(),
                            limits, clock.instant()));
                    saga.start(order);
                    return new OrderAccepted(order.id(), order.status());
                });
    }

    /** The order as one statement reads it: its row and lines from one snapshot, no transaction needed. */
    public Order get(long orderId) {
        return orders.find(orderId)
                .orElseThrow(() -> new DomainException(ErrorCode.ORDER_NOT_FOUND, "order " + orderId + " does not exist"));
    }

    /**
     * {@code order}, just read, once it is no longer PENDING, or as it is after {@code wait}. No thread waits: the
     * answer is the order this instance stores when its saga finishes it, or the order read again when the database
     * re-check sees it finished (by another instance) or the time is up.
     */
    public CompletableFuture<Order> whenFinished(Order order, Duration wait) {
        if (wait.isNegative() || wait.compareTo(maxWait) > 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "waitMs must be between 0 and " + maxWait.toMillis());
        }
        if (!order.isPending() || wait.isZero()) {
            return CompletableFuture.completedFuture(order);
        }
        long orderId = order.id();
        CompletableFuture<Order> answer = waiters.await(orderId, wait, () -> get(orderId));
        // Finished between the read and the waiter's registration (its saga found no one to answer): read it again.
        if (!orders.finishedAmong(List.of(orderId)).isEmpty()) {
            waiters.wake(orderId);
        }
        return answer;
    }

    /** A page of the user's orders, newest first, and how many the user has in all. */
    public record OrdersPage(List<Order> orders, long total) {
    }

    @Transactional(readOnly = true)
    public OrdersPage ofUser(long userId, int page, int size) {
        return new OrdersPage(orders.ofUser(userId, page, size), orders.countOfUser(userId));
    }
}
