package dev.flashsale.product.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.product.domain.StockReservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The stock meters, registered at start-up so a dashboard shows zeros rather than gaps, and counted when
 * their transaction commits (a command that is rolled back and retried counts once):
 * <ul>
 *   <li>{@code product.stock.reservations} (outcome {@code reserved} or {@code rejected}, reason
 *       {@code none}, {@code OUT_OF_STOCK} or {@code PRODUCT_NOT_FOUND}): first answers to ReserveStock;</li>
 *   <li>{@code product.stock.sales}, {@code product.stock.releases}: reservations sold on OrderCompleted, given
 *       back by the order saga;</li>
 *   <li>{@code product.stock.commands.unchanged} (command): commands answered without a change (repeated,
 *       or about an order that holds no stock);</li>
 *   <li>{@code product.stock.sold.without.stock}: OrderCompleted for an order holding no stock here, never
 *       expected (each is a completed order whose goods an operator must look at).</li>
 * </ul>
 */
@Component
public class StockMetrics {

    private static final List<Class<? extends Message>> COMMANDS =
            List.of(ReserveStock.class, ReleaseStock.class, OrderCompleted.class);

    private final Counter reserved;
    private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);
    private final Counter sold;
    private final Counter released;
    private final Counter soldWithoutStock;
    private final Map<Class<? extends Message>, Counter> unchanged;

    public StockMetrics(MeterRegistry registry) {
        reserved = reservations(registry, "reserved", "none");
        for (ErrorCode reason : List.of(ErrorCode.OUT_OF_STOCK, ErrorCode.PRODUCT_NOT_FOUND)) {
            rejected.put(reason, reservations(registry, "rejected", reason.name()));
        }
        sold = Counter.builder("product.stock.sales").description("Reservations sold when their order completed")
                .register(registry);
        released = Counter.builder("product.stock.releases").description("Reservations given back by the order saga")
                .register(registry);
        soldWithoutStock = Counter.builder("product.stock.sold.without.stock")
                .description("Completed orders that hold no stock here (never expected)").register(registry);
        unchanged = COMMANDS.stream().collect(Collectors.toUnmodifiableMap(command -> command,
                command -> Counter.builder("product.stock.commands.unchanged")
                        .description("Stock commands answered without a change: repeated, or for an order holding no stock")
                        .tag("command", MessageTypes.of(command).name()).register(registry)));
    }

    private static Counter reservations(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder("product.stock.reservations").description("First answers to ReserveStock")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    void attempted(StockReservation reservation) {
        afterCommit(reservation.holdsStock() ? reserved : rejected.get(reservation.rejectReason()));
    }

    void sold() {
        afterCommit(sold);
    }

    void released() {
        afterCommit(released);
    }

    void soldWithoutStock() {
        afterCommit(soldWithoutStock);
    }

    void unchanged(Class<? extends Message> command) {
        afterCommit(unchanged.get(command));
    }

    private static void afterCommit(Counter counter) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            counter.increment();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counter.increment();
            }
        });
    }
}
