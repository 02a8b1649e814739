package dev.flashsale.order.domain;

/** An order left PENDING (completed, cancelled, or in need of attention): whoever waits on it may look again. */
public record OrderFinished(long orderId) {
}
