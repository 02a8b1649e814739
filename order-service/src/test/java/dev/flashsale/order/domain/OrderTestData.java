package dev.flashsale.order.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Orders for the domain tests, with the id the database would have given them. */
public final class OrderTestData {

    static final OrderLimits LIMITS = new OrderLimits(50, 1000);

    private final long id = 1001;
    private final long userId = 7;
    private Long userCouponId;
    private final List<OrderLine> lines = new ArrayList<>();

    public static OrderTestData anOrder() {
        return new OrderTestData();
    }

    public OrderTestData withCoupon(long userCouponId) {
        this.userCouponId = userCouponId;
        return this;
    }

    public OrderTestData withLine(long variantId, int quantity) {
        lines.add(new OrderLine(variantId, quantity));
        return this;
    }

    public Order build() {
        List<OrderLine> ordered = lines.isEmpty() ? List.of(new OrderLine(12, 2)) : lines;
        Order order = Order.place(userId, ordered, userCouponId, LIMITS, Instant.parse("2026-11-22T01:00:00Z"));
        order.assignId(id);
        return order;
    }

    /** Product-service's prices for {@code order}: every line at {@code unitPrice}, product id = variant id + 1000. */
    public static List<PricedLine> pricedAt(Order order, long unitPrice) {
        return order.items().stream()
                .map(item -> new PricedLine(item.variantId(), item.variantId() + 1000, "product " + item.variantId(),
                        "M/black", item.quantity(), unitPrice))
                .toList();
    }
}
