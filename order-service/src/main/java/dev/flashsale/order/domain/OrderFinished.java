package dev.flashsale.order.domain;

/**
 * An order left PENDING (completed, cancelled, or in need of attention), as the saga's move stored it: whoever waits
 * on it may have it without reading it again, once the move has committed.
 */
public record OrderFinished(Order order) {
}
