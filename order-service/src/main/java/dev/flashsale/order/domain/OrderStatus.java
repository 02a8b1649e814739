package dev.flashsale.order.domain;

/**
 * What a customer sees of an order. PENDING until the saga has either paid for it or given everything back;
 * NEEDS_ATTENTION when giving back stalled (a participant never acknowledged its compensation through every
 * retry): an operator is alerted, and the order becomes CANCELLED as soon as the compensation is acknowledged.
 */
public enum OrderStatus {
    PENDING, COMPLETED, CANCELLED, NEEDS_ATTENTION
}
