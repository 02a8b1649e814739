package dev.flashsale.product.domain;

/**
 * Where an order's stock is. Only {@link #RESERVED} holds units; every other status is final, except that an
 * {@link #EXPIRED} reservation is still sold by a late ConfirmStock while its units are orderable.
 * <pre>
 *   (first ReserveStock) ──► RESERVED ──► CONFIRMED   (ConfirmStock: the units are sold)
 *          │                    ├───────► RELEASED    (ReleaseStock: the units go back)
 *          │                    └───────► EXPIRED     (nobody settled it in time: the units go back)
 *          │                                 └──► CONFIRMED  (a late ConfirmStock takes them again, if they are there)
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
