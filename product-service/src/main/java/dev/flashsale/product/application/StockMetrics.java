package dev.flashsale.product.application;

import dev.flashsale.product.domain.StockReservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The stock meters, counted when their transaction commits (a command that is rolled back and retried
 * counts once):
 * <ul>
 *   <li>{@code product.stock.reservations} (outcome {@code reserved} or {@code rejected}, reason
 *       {@code none}, {@code OUT_OF_STOCK} or {@code PRODUCT_NOT_FOUND}): first answers to ReserveStock;</li>
 *   <li>{@code product.stock.confirmations}, {@code product.stock.releases}, {@code product.stock.expirations}:
 *       reservations sold, given back by the saga, given back by the sweeper;</li>
 *   <li>{@code product.stock.commands.unchanged} (command): commands answered without changing anything
 *       (repeated, or about an order that holds no stock).</li>
 * </ul>
 */
@Component
public class StockMetrics {

    private final MeterRegistry registry;

    public StockMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempted(StockReservation reservation) {
        boolean reserved = reservation.holdsStock();
        Counter counter = Counter.builder("product.stock.reservations")
                .description("First answers to ReserveStock, by outcome and reason")
                .tag("outcome", reserved ? "reserved" : "rejected")
                .tag("reason", reserved ? "none" : reservation.rejectReason().name())
                .register(registry);
        afterCommit(counter::increment);
    }

    void confirmed() {
        count("product.stock.confirmations", "Reservations turned into sales");
    }

    void released() {
        count("product.stock.releases", "Reservations given back by the order saga");
    }

    void expired() {
        count("product.stock.expirations", "Reservations given back because nobody settled them in time");
    }

    void unchanged(String command) {
        Counter counter = Counter.builder("product.stock.commands.unchanged")
                .description("Stock commands answered without a change: repeated, or for an order holding no stock")
                .tag("command", command)
                .register(registry);
        afterCommit(counter::increment);
    }

    private void count(String name, String description) {
        Counter counter = Counter.builder(name).description(description).register(registry);
        afterCommit(counter::increment);
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
