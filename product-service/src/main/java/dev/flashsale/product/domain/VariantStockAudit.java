package dev.flashsale.product.domain;

/**
 * One variant's stock counters next to what its reservations say they should be.
 *
 * @param heldByReservations the units of this variant in reservations that still hold stock
 * @param soldByReservations the units of this variant in confirmed reservations
 */
public record VariantStockAudit(long variantId, long productId, long initialStock, long adjustments,
                                long orderable, long reserved, long sold,
                                long heldByReservations, long soldByReservations) {

    /** Every unit that entered the variant is orderable, reserved or sold, and the reservations agree. */
    public boolean consistent() {
        return !negative()
                && initialStock + adjustments == orderable + reserved + sold
                && reserved == heldByReservations
                && sold == soldByReservations;
    }

    public boolean negative() {
        return orderable < 0 || reserved < 0 || sold < 0;
    }
}
