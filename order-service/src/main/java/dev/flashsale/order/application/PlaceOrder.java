package dev.flashsale.order.application;

import dev.flashsale.order.domain.OrderLine;

import java.util.List;

/** A customer's order as submitted; also what an Idempotency-Key's retry must repeat exactly. */
public record PlaceOrder(long userId, List<OrderLine> items, Long userCouponId) {
    public PlaceOrder {
        items = List.copyOf(items);
    }
}
