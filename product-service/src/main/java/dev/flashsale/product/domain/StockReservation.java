package dev.flashsale.product.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Quantity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The stock one order holds, and how that ended: the product-service's side of the order saga, one per order id.
 * Every saga command for an order lands on this row, so a repeated command finds the outcome of the first and
 * changes nothing (see {@link ReservationStatus} for the transitions). The units it moves are its lines: the store
 * applies them to the variants' counters in the same transaction.
 */
public final class StockReservation {

    private final long orderId;
    private final List<ReservedItem> items;
    private final ErrorCode rejectReason;
    private final Long rejectedVariantId;
    private final String rejectDetail;
    private final Instant createdAt;
    private ReservationStatus status;
    private Instant updatedAt;

    private StockReservation(long orderId, ReservationStatus status, List<ReservedItem> items, ErrorCode rejectReason,
                             Long rejectedVariantId, String rejectDetail, Instant createdAt, Instant updatedAt) {
        this.orderId = orderId;
        this.status = Objects.requireNonNull(status, "status");
        this.items = List.copyOf(items);
        this.rejectReason = rejectReason;
        this.rejectedVariantId = rejectedVariantId;
        this.rejectDetail = rejectDetail;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = updatedAt;
    }

    /** A reservation as it was stored. */
    public static StockReservation restore(long orderId, ReservationStatus status, List<ReservedItem> items,
                                           ErrorCode rejectReason, Long rejectedVariantId, String rejectDetail,
                                           Instant createdAt, Instant updatedAt) {
        return new StockReservation(orderId, status, items, rejectReason, rejectedVariantId, rejectDetail, createdAt,
                updatedAt);
    }

    /**
     * Reserves every line of {@code request} or none. The decision is made over the variants as they are once
     * locked: a variant that does not exist rejects the order with {@link ErrorCode#PRODUCT_NOT_FOUND}, one without
     * enough orderable units with {@link ErrorCode#OUT_OF_STOCK} (the first such line in variant id order is named);
     * only when every line fits does the reservation hold units, so a rejection never has anything to undo.
     *
     * @param lockedVariants the request's variants that exist, locked, by id
     */
    public static StockReservation attempt(ReservationRequest request, Map<Long, VariantStock> lockedVariants,
                                           Instant now) {
        for (long variantId : request.quantities().keySet()) {
            if (!lockedVariants.containsKey(variantId)) {
                return rejected(request.orderId(), ErrorCode.PRODUCT_NOT_FOUND, variantId,
                        "variant " + variantId + " does not exist", now);
            }
        }
        List<ReservedItem> items = new ArrayList<>();
        for (Map.Entry<Long, Quantity> line : request.quantities().entrySet()) {
            VariantStock variant = lockedVariants.get(line.getKey());
            if (!variant.canReserve(line.getValue())) {
                return rejected(request.orderId(), ErrorCode.OUT_OF_STOCK, variant.variantId(), "variant "
                        + variant.variantId() + " has " + variant.orderable() + " left, " + line.getValue().units()
                        + " requested", now);
            }
            items.add(ReservedItem.of(variant, line.getValue()));
        }
        return new StockReservation(request.orderId(), ReservationStatus.RESERVED, items, null, null, null, now, now);
    }

    /**
     * The saga released an order that holds nothing here (never reserved, or the reservation is still on its way):
     * remember it as released, so a ReserveStock arriving later cannot hold stock for it.
     */
    public static StockReservation settledWithoutStock(long orderId, Instant now) {
        return new StockReservation(orderId, ReservationStatus.RELEASED, List.of(), null, null, null, now, now);
    }

    private static StockReservation rejected(long orderId, ErrorCode reason, long variantId, String detail, Instant now) {
        return new StockReservation(orderId, ReservationStatus.REJECTED, List.of(), reason, variantId, detail, now, now);
    }

    /** OrderCompleted: the held units are sold. Only a reservation that holds stock changes; returns whether it did. */
    public boolean sell(Instant now) {
        return settle(ReservationStatus.CONFIRMED, now);
    }

    /** ReleaseStock: the held units go back to orderable. Sold units never do; returns whether anything changed. */
    public boolean release(Instant now) {
        return settle(ReservationStatus.RELEASED, now);
    }

    private boolean settle(ReservationStatus settled, Instant now) {
        if (!holdsStock()) {
            return false;
        }
        status = settled;
        updatedAt = now;
        return true;
    }

    public boolean holdsStock() {
        return status == ReservationStatus.RESERVED;
    }

    public boolean isSold() {
        return status == ReservationStatus.CONFIRMED;
    }

    /** The variants this reservation moves units of, in the order they are locked. */
    public SortedSet<Long> variantIds() {
        SortedSet<Long> ids = new TreeSet<>();
        items.forEach(item -> ids.add(item.variantId()));
        return ids;
    }

    public long orderId() {
        return orderId;
    }

    public ReservationStatus status() {
        return status;
    }

    public List<ReservedItem> items() {
        return items;
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

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
