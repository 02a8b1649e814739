package dev.flashsale.product.domain;

import dev.flashsale.contracts.Quantity;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an order asks to reserve: one quantity per variant, in ascending variant id order. That is the order in
 * which the variants' rows are locked, so two orders that share variants always lock them in the same order
 * and never deadlock. Two lines for one variant are one line of their sum.
 */
public record ReservationRequest(long orderId, SortedMap<Long, Quantity> quantities) {

    public ReservationRequest {
        if (quantities.isEmpty()) {
            throw new IllegalArgumentException("an order reserves at least one line");
        }
        quantities = Collections.unmodifiableSortedMap(new TreeMap<>(quantities));
    }

    public static ReservationRequest of(long orderId, List<RequestedItem> items) {
        SortedMap<Long, Quantity> quantities = new TreeMap<>();
        for (RequestedItem item : items) {
            quantities.merge(item.variantId(), item.quantity(), Quantity::plus);
        }
        return new ReservationRequest(orderId, quantities);
    }

    /** One line as the order asked for it. */
    public record RequestedItem(long variantId, Quantity quantity) {
        public RequestedItem {
            Objects.requireNonNull(quantity, "quantity");
            if (quantity.isZero()) {
                throw new IllegalArgumentException("variant " + variantId + ": a line reserves at least one unit");
            }
        }
    }
}
