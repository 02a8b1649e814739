package dev.flashsale.order.application;

import dev.flashsale.order.domain.OrderStatus;

/** The answer to a submit, kept with its Idempotency-Key so a retry gets the same order. */
public record OrderAccepted(long orderId, OrderStatus status) {
}
