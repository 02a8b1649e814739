package dev.flashsale.order.application;

import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderFinished;
import dev.flashsale.order.persistence.OrderStore;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Clients holding a {@code GET /orders/{id}?waitMs=} open, without a thread each. A waiter is a future that completes
 * with the order as soon as this instance commits its last state change (the order the move stored, not read again),
 * and with the order read again when the periodic database re-check finds it finished (by another instance) or when
 * its time is up.
 */
@Component
public class OrderWaiters {

    /** Threads that read an order again for its waiters: a read takes a millisecond, so a few serve thousands. */
    private static final int READERS = 4;

    /** A waiter completed with {@code null} reads the order again; with an order, it has it. */
    private final Map<Long, Set<CompletableFuture<Order>>> waiting = new ConcurrentHashMap<>();
    private final OrderStore orders;
    private final ExecutorService readers;

    public OrderWaiters(OrderStore orders) {
        this.orders = orders;
        AtomicInteger threads = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(READERS, task -> {
            Thread thread = new Thread(task, "order-waiter-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        readers.shutdown();
    }

    /**
     * The order once {@code orderId} may have finished, at the latest after {@code max}: the order this instance
     * committed, or else {@code read}'s answer. A read runs on a small pool of this class, never on the thread that
     * committed the order.
     */
    public CompletableFuture<Order> await(long orderId, Duration max, Supplier<Order> read) {
        CompletableFuture<Order> waiter = new CompletableFuture<>();
        // Added inside compute, so it cannot land in a set that wake() has just taken out of the map.
        waiting.compute(orderId, (id, waiters) -> {
            Set<CompletableFuture<Order>> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            set.add(waiter);
            return set;
        });
        waiter.completeOnTimeout(null, max.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> forget(orderId, waiter));
        return waiter.thenCompose(finished -> finished != null
                ? CompletableFuture.completedFuture(finished)
                : CompletableFuture.supplyAsync(read, readers));
    }

    /** Answers the waiters of an order the saga finished with the order it stored, once that has committed. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onFinished(OrderFinished finished) {
        complete(finished.order().id(), finished.order());
    }

    /** Wakes every waiter of {@code orderId} now: each reads the order again. */
    public void wake(long orderId) {
        complete(orderId, null);
    }

    @Scheduled(fixedDelayString = "${flashsale.order.waiting.recheck-interval:1s}")
    void recheck() {
        if (waiting.isEmpty()) {
            return;
        }
        List<Long> finished = orders.finishedAmong(List.copyOf(waiting.keySet()));
        finished.forEach(this::wake);
    }

    public int size() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private void complete(long orderId, Order finished) {
        Set<CompletableFuture<Order>> waiters = waiting.remove(orderId);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.complete(finished));
        }
    }

    private void forget(long orderId, CompletableFuture<Order> waiter) {
        waiting.computeIfPresent(orderId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }
}
