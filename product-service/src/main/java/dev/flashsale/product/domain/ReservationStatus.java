package dev.flashsale.product.domain;

/**
 * Where an order's stock is. Only {@link #RESERVED} holds units, and it holds them for as long as the order's saga
 * lives: nothing takes them back but the saga's own ReleaseStock, and the order's OrderCompleted sells them. Every
 * other status is final.
 * <pre>
 *   (first ReserveStock) ──► RESERVED ──► CONFIRMED   (OrderCompleted: the units are sold)
 *          │                    └───────► RELEASED    (ReleaseStock: the units go back)
 *          └──► REJECTED   (not every line could be reserved: nothing was)
 *   (ReleaseStock before any reservation) ──► RELEASED, holding nothing
 * </pre>
 * {@link #EXPIRED} is only found on reservations of an earlier version, which gave held units back after a deadline.
 */
public enum ReservationStatus {
    RESERVED,
    CONFIRMED,
    RELEASED,
    EXPIRED,
    REJECTED
}
