package dev.flashsale.order.domain;

/** What a customer sees of an order. PENDING until the saga has either paid for it or given everything back. */
public enum OrderStatus {
    PENDING, COMPLETED, CANCELLED
}
