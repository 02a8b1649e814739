package dev.flashsale.product.application;

import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.Quantity;
import dev.flashsale.contracts.saga.ConfirmStock;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.ReservedLine;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.StockConfirmed;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.product.domain.Product;
import dev.flashsale.product.domain.ReservationRequest;
import dev.flashsale.product.domain.ReservationRequest.RequestedItem;
import dev.flashsale.product.domain.StockReservation;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.product.persistence.ProductRepository;
import dev.flashsale.product.persistence.StockReservationRepository;
import dev.flashsale.product.persistence.VariantRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The product-service's part in the order saga: reserve an order's stock, sell it, give it back, and let it
 * expire when the saga never settles it. Each command runs in the transaction of its inbox row and appends its
 * reply to the outbox in that same transaction.
 *
 * <p>Idempotent per order: the first command for an order decides, and every later one (a redelivery with a new
 * event id, an orchestrator retry) is answered from the order's {@link StockReservation} row:
 * <ul>
 *   <li>ReserveStock: {@link StockReserved} (same lines and prices) while the stock is held or sold,
 *       the same {@link StockReservationFailed} after a rejection, {@link StockReleased} once released or expired;</li>
 *   <li>ConfirmStock and ReleaseStock: {@link StockConfirmed} if the order's stock is sold, otherwise
 *       {@link StockReleased} (the order holds nothing). So a release after a confirm gives nothing back and
 *       answers StockConfirmed, and a confirm after a release or an expiry sells nothing and answers StockReleased.</li>
 * </ul>
 *
 * <p>Locks, always in this order: the order's reservation row, then its variants in ascending id order.
 */
@Service
public class StockReservations {

    private final StockReservationRepository reservations;
    private final VariantRepository variants;
    private final ProductRepository products;
    private final Outbox outbox;
    private final Clock clock;
    private final ProductProperties properties;
    private final StockMetrics metrics;

    public StockReservations(StockReservationRepository reservations, VariantRepository variants,
                             ProductRepository products, Outbox outbox, Clock clock, ProductProperties properties,
                             StockMetrics metrics) {
        this.reservations = reservations;
        this.variants = variants;
        this.products = products;
        this.outbox = outbox;
        this.clock = clock;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** Reserves every line of the order or none, at the variants' current prices. */
    @Transactional
    public void reserve(ReserveStock command) {
        Optional<StockReservation> earlier = reservations.findById(command.orderId());
        StockReservation reservation;
        if (earlier.isPresent()) {
            reservation = earlier.get();
            metrics.unchanged(ReserveStock.class);
        } else {
            reservation = reservations.save(attempt(command));
            metrics.attempted(reservation);
        }
        outbox.append(answerToReserve(reservation));
    }

    private StockReservation attempt(ReserveStock command) {
        ReservationRequest request = ReservationRequest.of(command.orderId(), command.items().stream()
                .map(line -> new RequestedItem(line.variantId(), Quantity.of(line.quantity())))
                .toList());
        Map<Long, Variant> locked = lockInIdOrder(request.quantities().keySet());
        Map<Long, String> productNames = products.findAllById(locked.values().stream().map(Variant::productId)
                        .collect(Collectors.toSet())).stream()
                .collect(Collectors.toMap(Product::id, Product::name));
        return StockReservation.attempt(request, locked, productNames, DatabaseTime.now(clock),
                properties.reservationTtl());
    }

    /** Sells the order's reserved stock. */
    @Transactional
    public void confirm(ConfirmStock command) {
        settle(command.orderId(), ConfirmStock.class, StockReservation::confirm, metrics::confirmed);
    }

    /** Gives the order's reserved stock back (compensation). */
    @Transactional
    public void release(ReleaseStock command) {
        settle(command.orderId(), ReleaseStock.class, StockReservation::release, metrics::released);
    }

    /**
     * Expires the order's reservation if it still holds stock past its deadline: the sweeper's unit of work.
     * A confirm or release that got the reservation's lock first wins, and then nothing happens here.
     *
     * @return whether the reservation expired
     */
    @Transactional
    public boolean expire(long orderId) {
        Instant now = DatabaseTime.now(clock);
        Optional<StockReservation> due = reservations.lock(orderId).filter(reservation -> reservation.isDue(now));
        due.ifPresent(reservation -> {
            reservation.expire(lockInIdOrder(reservation.variantIds()), now);
            metrics.expired();
        });
        return due.isPresent();
    }

    private void settle(long orderId, Class<? extends Message> command, Settlement settlement, Runnable count) {
        Instant now = DatabaseTime.now(clock);
        StockReservation reservation = reservations.lock(orderId).orElse(null);
        if (reservation == null) {
            reservation = reservations.save(StockReservation.settledWithoutStock(orderId, now));
            metrics.unchanged(command);
        } else if (reservation.holdsStock()) {
            settlement.apply(reservation, lockInIdOrder(reservation.variantIds()), now);
            count.run();
        } else {
            metrics.unchanged(command);
        }
        outbox.append(reservation.isSold() ? new StockConfirmed(orderId) : new StockReleased(orderId));
    }

    private Map<Long, Variant> lockInIdOrder(Collection<Long> variantIds) {
        return variants.lockInIdOrder(variantIds).stream().collect(Collectors.toMap(Variant::id, Function.identity()));
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

    /** {@link StockReservation#confirm} or {@link StockReservation#release}. */
    @FunctionalInterface
    private interface Settlement {
        boolean apply(StockReservation reservation, Map<Long, Variant> lockedVariants, Instant now);
    }
}
