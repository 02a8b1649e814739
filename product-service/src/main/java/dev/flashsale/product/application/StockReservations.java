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
 *       answers StockConfirmed, and a confirm after a release sells nothing and answers StockReleased. A confirm
 *       after an expiry sells the units again if they are still orderable, and otherwise answers StockReleased.</li>
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

    /**
     * Sells the order's reserved stock. A confirm that comes after the reservation expired sells the units all the
     * same if they are still orderable (the order is paid; see {@link StockReservation#confirmAfterExpiry}), and
     * otherwise answers StockReleased, which order-service turns into a FAILED saga for an operator.
     */
    @Transactional
    public void confirm(ConfirmStock command) {
        Instant now = DatabaseTime.now(clock);
        StockReservation reservation = reservations.lock(command.orderId()).orElse(null);
        if (reservation != null && reservation.isExpired()) {
            boolean sold = reservation.confirmAfterExpiry(lockInIdOrder(reservation.variantIds()), now);
            metrics.confirmedAfterExpiry(sold);
            outbox.append(answerToSettle(reservation));
            return;
        }
        settle(command.orderId(), reservation, now, ConfirmStock.class, StockReservation::confirm, metrics::confirmed);
    }

    /** Gives the order's reserved stock back (compensation). */
    @Transactional
    public void release(ReleaseStock command) {
        settle(command.orderId(), reservations.lock(command.orderId()).orElse(null), DatabaseTime.now(clock),
                ReleaseStock.class, StockReservation::release, metrics::released);
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

    /** {@code locked}: the order's reservation, already locked, or null when it has none. */
    private void settle(long orderId, StockReservation locked, Instant now, Class<? extends Message> command,
                        Settlement settlement, Runnable count) {
        StockReservation reservation = locked;
        if (reservation == null) {
            reservation = reservations.save(StockReservation.settledWithoutStock(orderId, now));
            metrics.unchanged(command);
        } else if (reservation.holdsStock()) {
            settlement.apply(reservation, lockInIdOrder(reservation.variantIds()), now);
            count.run();
        } else {
            metrics.unchanged(command);
        }
        outbox.append(answerToSettle(reservation));
    }

    /** StockConfirmed when the order's stock is sold; StockReleased when the order holds none here. */
    private static SagaMessage answerToSettle(StockReservation reservation) {
        return reservation.isSold() ? new StockConfirmed(reservation.orderId()) : new StockReleased(reservation.orderId());
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
