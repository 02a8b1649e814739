package dev.flashsale.product.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Quantity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The stock one order holds, and how that ended: the product-service's side of the order saga, one per order
 * id. Every saga command for an order lands on this row, so a repeated command finds the outcome of the first
 * and changes nothing (see {@link ReservationStatus} for the transitions).
 *
 * <p>The methods that move units take the order's variants already locked by the caller, in ascending id order.
 */
@Entity
@Table(name = "stock_reservation")
public class StockReservation {

    @Id
    @Column(name = "order_id")
    private long orderId;

    @Enumerated(EnumType.STRING)
    private ReservationStatus status;

    @ElementCollection
    @CollectionTable(name = "stock_reservation_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("variantId")
    private List<ReservedItem> items = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "reject_reason")
    private ErrorCode rejectReason;

    @Column(name = "rejected_variant_id")
    private Long rejectedVariantId;

    @Column(name = "reject_detail")
    private String rejectDetail;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    // A null version marks a reservation that was never saved, so saving it inserts.
    @Version
    private Long version;

    protected StockReservation() {
    }

    private StockReservation(long orderId, ReservationStatus status, Instant now) {
        this.orderId = orderId;
        this.status = status;
        this.createdAt = Objects.requireNonNull(now, "now");
        this.updatedAt = now;
    }

    /**
     * Reserves every line of {@code request} or none. The decision is made over the variants as they are once
     * locked: a variant that does not exist rejects the order with {@link ErrorCode#PRODUCT_NOT_FOUND}, one
     * without enough orderable units with {@link ErrorCode#OUT_OF_STOCK} (the first such line in variant id
     * order is named); only when every line fits are units moved, so a rejection never has anything to undo.
     *
     * @param lockedVariants the request's variants that exist, locked, by id
     * @param productNames   the name of each of their products, by product id
     */
    public static StockReservation attempt(ReservationRequest request, Map<Long, Variant> lockedVariants,
                                           Map<Long, String> productNames, Instant now, Duration holdFor) {
        for (long variantId : request.quantities().keySet()) {
            if (!lockedVariants.containsKey(variantId)) {
                return rejected(request.orderId(), ErrorCode.PRODUCT_NOT_FOUND, variantId,
                        "variant " + variantId + " does not exist", now);
            }
        }
        for (Map.Entry<Long, Quantity> line : request.quantities().entrySet()) {
            Variant variant = lockedVariants.get(line.getKey());
            if (!variant.canReserve(line.getValue())) {
                return rejected(request.orderId(), ErrorCode.OUT_OF_STOCK, variant.id(), "variant " + variant.id()
                        + " has " + variant.orderable() + " left, " + line.getValue().units() + " requested", now);
            }
        }
        StockReservation reservation = new StockReservation(request.orderId(), ReservationStatus.RESERVED, now);
        reservation.expiresAt = now.plus(holdFor);
        request.quantities().forEach((variantId, quantity) -> {
            Variant variant = lockedVariants.get(variantId);
            variant.reserve(quantity);
            String productName = Objects.requireNonNull(productNames.get(variant.productId()),
                    () -> "no name for product " + variant.productId());
            reservation.items.add(ReservedItem.of(variant, productName, quantity));
        });
        return reservation;
    }

    /**
     * The saga confirmed or released an order that holds nothing here (never reserved, or the reservation was
     * lost on the way): remember it as released, so a ReserveStock arriving later cannot hold stock for it.
     */
    public static StockReservation settledWithoutStock(long orderId, Instant now) {
        return new StockReservation(orderId, ReservationStatus.RELEASED, now);
    }

    private static StockReservation rejected(long orderId, ErrorCode reason, long variantId, String detail, Instant now) {
        StockReservation reservation = new StockReservation(orderId, ReservationStatus.REJECTED, now);
        reservation.rejectReason = reason;
        reservation.rejectedVariantId = variantId;
        reservation.rejectDetail = detail;
        return reservation;
    }

    /** ConfirmStock: the held units are sold. Only a reservation that holds stock changes; returns whether it did. */
    public boolean confirm(Map<Long, Variant> lockedVariants, Instant now) {
        return holdsStock() && settle(ReservationStatus.CONFIRMED, lockedVariants, Variant::sell, now);
    }

    /**
     * ConfirmStock after the reservation expired: the saga did finish (the order is paid), only too late. The units
     * went back to orderable at expiry; if every line's units are still orderable they are taken again and sold, all
     * or none, and the reservation is CONFIRMED as if the confirm had come in time. Otherwise nothing moves: another
     * order has them, and selling them twice is the one thing this service never does.
     *
     * @return whether it sold the units
     */
    public boolean confirmAfterExpiry(Map<Long, Variant> lockedVariants, Instant now) {
        if (!isExpired() || !items.stream().allMatch(item -> variant(lockedVariants, item).canReserve(item.units()))) {
            return false;
        }
        items.forEach(item -> variant(lockedVariants, item).reserve(item.units()));
        return settle(ReservationStatus.CONFIRMED, lockedVariants, Variant::sell, now);
    }

    /** ReleaseStock: the held units go back to orderable. Sold units never do; returns whether anything changed. */
    public boolean release(Map<Long, Variant> lockedVariants, Instant now) {
        return holdsStock() && settle(ReservationStatus.RELEASED, lockedVariants, Variant::giveBack, now);
    }

    /** Nobody settled the reservation before its deadline: the held units go back. Returns whether it expired. */
    public boolean expire(Map<Long, Variant> lockedVariants, Instant now) {
        return isDue(now) && settle(ReservationStatus.EXPIRED, lockedVariants, Variant::giveBack, now);
    }

    /** Holds stock and its deadline has passed. Until the sweeper expires it, a confirm still succeeds. */
    public boolean isDue(Instant now) {
        return holdsStock() && !expiresAt.isAfter(now);
    }

    public boolean holdsStock() {
        return status == ReservationStatus.RESERVED;
    }

    public boolean isSold() {
        return status == ReservationStatus.CONFIRMED;
    }

    public boolean isExpired() {
        return status == ReservationStatus.EXPIRED;
    }

    /** The variants this reservation moves units of, in the order they are locked. */
    public SortedSet<Long> variantIds() {
        SortedSet<Long> ids = new TreeSet<>();
        items.forEach(item -> ids.add(item.variantId()));
        return ids;
    }

    private boolean settle(ReservationStatus settled, Map<Long, Variant> lockedVariants,
                           BiConsumer<Variant, Quantity> moveUnits, Instant now) {
        items.forEach(item -> moveUnits.accept(variant(lockedVariants, item), item.units()));
        status = settled;
        updatedAt = now;
        return true;
    }

    private static Variant variant(Map<Long, Variant> lockedVariants, ReservedItem item) {
        Variant variant = lockedVariants.get(item.variantId());
        if (variant == null) {
            throw new IllegalStateException("variant " + item.variantId() + " of a reservation was not locked");
        }
        return variant;
    }

    public long orderId() {
        return orderId;
    }

    public ReservationStatus status() {
        return status;
    }

    public List<ReservedItem> items() {
        return List.copyOf(items);
    }

    /** {@link ErrorCode#OUT_OF_STOCK} or {@link ErrorCode#PRODUCT_NOT_FOUND} when {@link ReservationStatus#REJECTED}. */
    public ErrorCode rejectReason() {
        return rejectReason;
    }

    public Long rejectedVariantId() {
        return rejectedVariantId;
    }

    public String rejectDetail() {
        return rejectDetail;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
