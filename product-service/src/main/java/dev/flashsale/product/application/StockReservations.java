package dev.flashsale.product.application;

import dev.flashsale.contracts.Quantity;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.ReservedLine;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.product.domain.ReservationRequest;
import dev.flashsale.product.domain.ReservationRequest.RequestedItem;
import dev.flashsale.product.domain.StockReservation;
import dev.flashsale.product.persistence.ReservationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The product-service's part in the order saga: hold an order's stock, give it back, and sell it once the order is
 * completed. Each command runs in the transaction of its inbox row and appends its reply to the outbox in that same
 * transaction. Held stock never expires: the saga that asked for it either completes the order (and its
 * OrderCompleted sells the units) or releases it, so a paid order always has its goods.
 *
 * <p>Idempotent per order: the first command for an order decides, and every later one (a redelivery with a new
 * event id, an orchestrator retry) is answered from the order's {@link StockReservation} row:
 * <ul>
 *   <li>ReserveStock: {@link StockReserved} (same lines and prices) while the stock is held or sold, the same
 *       {@link StockReservationFailed} after a rejection, {@link StockReleased} once released;</li>
 *   <li>ReleaseStock: {@link StockReleased} (the order holds nothing here afterwards). A release after the sale
 *       gives nothing back (the saga never asks for that; it would be a bug upstream, logged);</li>
 *   <li>OrderCompleted (no reply): sells the held units; a second delivery changes nothing.</li>
 * </ul>
 */
@Service
public class StockReservations {

    private static final Logger log = LoggerFactory.getLogger(StockReservations.class);

    private final ReservationStore reservations;
    private final Outbox outbox;
    private final Clock clock;
    private final StockMetrics metrics;

    public StockReservations(ReservationStore reservations, Outbox outbox, Clock clock, StockMetrics metrics) {
        this.reservations = reservations;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Reserves every line of the order or none, at the variants' current prices. */
    @Transactional
    public void reserve(ReserveStock command) {
        Optional<StockReservation> earlier = reservations.find(command.orderId());
        StockReservation reservation;
        if (earlier.isPresent()) {
            reservation = earlier.get();
            metrics.unchanged(ReserveStock.class);
        } else {
            reservation = attempt(command);
            if (reservations.insert(reservation)) {
                metrics.attempted(reservation);
            } else {
                // Another delivery of a command for this order got there first: answer what it decided.
                reservation = reservations.find(command.orderId()).orElseThrow();
                metrics.unchanged(ReserveStock.class);
            }
        }
        outbox.append(answerToReserve(reservation));
    }

    private StockReservation attempt(ReserveStock command) {
        ReservationRequest request = ReservationRequest.of(command.orderId(), command.items().stream()
                .map(line -> new RequestedItem(line.variantId(), Quantity.of(line.quantity())))
                .toList());
        return StockReservation.attempt(request, reservations.lockVariants(request.quantities().keySet()),
                DatabaseTime.now(clock));
    }

    /** Gives the order's held stock back (compensation). */
    @Transactional
    public void release(ReleaseStock command) {
        Instant now = DatabaseTime.now(clock);
        Optional<StockReservation> locked = reservations.lock(command.orderId());
        if (locked.isEmpty()) {
            reservations.insert(StockReservation.settledWithoutStock(command.orderId(), now));
            metrics.unchanged(ReleaseStock.class);
        } else if (locked.get().release(now)) {
            reservations.settle(locked.get());
            metrics.released();
        } else {
            if (locked.get().isSold()) {
                log.warn("ReleaseStock for order {}, whose units are sold: nothing is given back", command.orderId());
            }
            metrics.unchanged(ReleaseStock.class);
        }
        outbox.append(new StockReleased(command.orderId()));
    }

    /** The order is completed and paid: the units held for it are sold. */
    @Transactional
    public void sell(OrderCompleted completed) {
        Optional<StockReservation> locked = reservations.lock(completed.orderId());
        if (locked.isPresent() && locked.get().sell(DatabaseTime.now(clock))) {
            reservations.settle(locked.get());
            metrics.sold();
        } else if (locked.map(StockReservation::isSold).orElse(false)) {
            metrics.unchanged(OrderCompleted.class);
        } else {
            // The saga completes an order only after this service answered StockReserved: never expected.
            log.error("OrderCompleted for order {}, which holds no stock here ({}): see docs/runbook.md",
                    completed.orderId(), locked.map(reservation -> reservation.status().name()).orElse("no reservation"));
            metrics.soldWithoutStock();
        }
    }

    private static SagaMessage answerToReserve(StockReservation reservation) {
        return switch (reservation.status()) {
            case RESERVED, CONFIRMED -> new StockReserved(reservation.orderId(), reservation.items().stream()
                    .map(item -> new ReservedLine(item.variantId(), item.productId(), item.productName(),
                            item.variantName(), item.quantity(), item.unitPrice()))
                    .toList());
            case REJECTED -> new StockReservationFailed(reservation.orderId(), reservation.rejectReason(),
                    reservation.rejectedVariantId(), reservation.rejectDetail());
            case RELEASED, EXPIRED -> new StockReleased(reservation.orderId());
        };
    }
}
