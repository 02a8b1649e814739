package dev.flashsale.order.application;

import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderFinished;
import dev.flashsale.order.domain.OrderItem;
import dev.flashsale.order.domain.OrderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client waiting on an order this instance finishes is answered with the order the saga stored, without reading
 * it again; every other wake-up (the database re-check, the time being up) reads it.
 */
class OrderWaitersTest {

    private static final long ORDER_ID = 7;
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00.123456Z");

    private final OrderWaiters waiters = new OrderWaiters(null);
    private final AtomicInteger reads = new AtomicInteger();
    private final Order readBack = order(OrderStatus.COMPLETED);
    private final Supplier<Order> read = () -> {
        reads.incrementAndGet();
        return readBack;
    };

    @AfterEach
    void stop() {
        waiters.stop();
    }

    @Test
    void aWaiterOfAnOrderThisInstanceFinishedGetsTheStoredOrderWithoutAReadAgain() throws Exception {
        CompletableFuture<Order> answer = waiters.await(ORDER_ID, Duration.ofSeconds(30), read);
        Order finished = order(OrderStatus.COMPLETED);

        waiters.onFinished(new OrderFinished(finished));

        assertThat(answer.get(5, TimeUnit.SECONDS)).isSameAs(finished);
        assertThat(reads).hasValue(0);
        assertThat(waiters.size()).isZero();
    }

    @Test
    void everyWaiterOfTheOrderIsAnsweredAndNoOtherOrdersWaiter() throws Exception {
        CompletableFuture<Order> first = waiters.await(ORDER_ID, Duration.ofSeconds(30), read);
        CompletableFuture<Order> second = waiters.await(ORDER_ID, Duration.ofSeconds(30), read);
        CompletableFuture<Order> another = waiters.await(ORDER_ID + 1, Duration.ofSeconds(30), read);
        Order finished = order(OrderStatus.CANCELLED);

        waiters.onFinished(new OrderFinished(finished));

        assertThat(first.get(5, TimeUnit.SECONDS)).isSameAs(finished);
        assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(finished);
        assertThat(another).isNotDone();
        assertThat(waiters.size()).isOne();
    }

    @Test
    void aWakeUpWithoutTheOrderReadsItOnce() throws Exception {
        CompletableFuture<Order> answer = waiters.await(ORDER_ID, Duration.ofSeconds(30), read);

        waiters.wake(ORDER_ID);

        assertThat(answer.get(5, TimeUnit.SECONDS)).isSameAs(readBack);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aWaiterWhoseTimeIsUpReadsTheOrder() throws Exception {
        CompletableFuture<Order> answer = waiters.await(ORDER_ID, Duration.ofMillis(50), read);

        assertThat(answer.get(5, TimeUnit.SECONDS)).isSameAs(readBack);
        assertThat(reads).hasValue(1);
        assertThat(waiters.size()).isZero();
    }

    private static Order order(OrderStatus status) {
        return Order.restore(ORDER_ID, 42, status, null, List.of(OrderItem.restore(3, 1, 5L, "p", "v", 1000L)),
                1000L, 0, status == OrderStatus.COMPLETED ? 1000 : 0, null, NOW,
                status == OrderStatus.COMPLETED ? NOW : null, status == OrderStatus.CANCELLED ? NOW : null);
    }
}
