package dev.flashsale.product.domain;

/**
 * Where an order's stock is. Only {@link #RESERVED} holds units; every other status is final.
 * <pre>
 *   (first ReserveStock) ──► RESERVED ──► CONFIRMED   (ConfirmStock: the units are sold)
 *          │                    ├───────► RELEASED    (ReleaseStock: the units go back)
 *          │                    └───────► EXPIRED     (nobody settled it in time: the units go back)
 *          └──► REJECTED   (not every line could be reserved: nothing was)
 *   (ConfirmStock or ReleaseStock before any reservation) ──► RELEASED, holding nothing
 * </pre>
 */
public enum ReservationStatus {
    RESERVED,
    CONFIRMED,
    RELEASED,
    EXPIRED,
    REJECTED
}
