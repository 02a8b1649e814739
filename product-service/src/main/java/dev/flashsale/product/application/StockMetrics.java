package dev.flashsale.product.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.contracts.saga.ConfirmStock;
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
 *   <li>{@code product.stock.confirmations}, {@code product.stock.releases}, {@code product.stock.expirations}:
 *       reservations sold, given back by the saga, given back by the sweeper;</li>
 *   <li>{@code product.stock.commands.unchanged} (command): commands answered without a change (repeated,
 *       or about an order that holds no stock);</li>
 *   <li>{@code product.stock.late.confirmations} (outcome {@code sold} or {@code refused}): ConfirmStock for an
 *       expired reservation, sold again or refused because the units were gone (each refusal is a paid order
 *       whose saga an operator must look at).</li>
 * </ul>
 */
@Component
public class StockMetrics {

    private static final List<Class<? extends Message>> COMMANDS =
            List.of(ReserveStock.class, ConfirmStock.class, ReleaseStock.class);

    private final Counter reserved;
    private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);
    private final Counter confirmed;
    private final Counter released;
    private final Counter expired;
    private final Counter soldAfterExpiry;
    private final Counter refusedAfterExpiry;
    private final Map<Class<? extends Message>, Counter> unchanged;

    public StockMetrics(MeterRegistry registry) {
        reserved = reservations(registry, "reserved", "none");
        for (ErrorCode reason : List.of(ErrorCode.OUT_OF_STOCK, ErrorCode.PRODUCT_NOT_FOUND)) {
            rejected.put(reason, reservations(registry, "rejected", reason.name()));
        }
        confirmed = Counter.builder("product.stock.confirmations").description("Reservations turned into sales")
                .register(registry);
        released = Counter.builder("product.stock.releases").description("Reservations given back by the order saga")
                .register(registry);
        expired = Counter.builder("product.stock.expirations")
                .description("Reservations given back because nobody settled them in time").register(registry);
        soldAfterExpiry = lateConfirmations(registry, "sold");
        refusedAfterExpiry = lateConfirmations(registry, "refused");
        unchanged = COMMANDS.stream().collect(Collectors.toUnmodifiableMap(command -> command,
                command -> Counter.builder("product.stock.commands.unchanged")
                        .description("Stock commands answered without a change: repeated, or for an order holding no stock")
                        .tag("command", MessageTypes.of(command).name()).register(registry)));
    }

    private static Counter reservations(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder("product.stock.reservations").description("First answers to ReserveStock")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    private static Counter lateConfirmations(MeterRegistry registry, String outcome) {
        return Counter.builder("product.stock.late.confirmations")
                .description("ConfirmStock for a reservation that had expired: sold again, or refused as the units were gone")
                .tag("outcome", outcome).register(registry);
    }

    void attempted(StockReservation reservation) {
        afterCommit(reservation.holdsStock() ? reserved : rejected.get(reservation.rejectReason()));
    }

    void confirmed() {
        afterCommit(confirmed);
    }

    void released() {
        afterCommit(released);
    }

    void expired() {
        afterCommit(expired);
    }

    void confirmedAfterExpiry(boolean sold) {
        afterCommit(sold ? soldAfterExpiry : refusedAfterExpiry);
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
