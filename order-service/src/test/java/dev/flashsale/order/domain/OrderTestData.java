package dev.flashsale.order.domain;

import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.contracts.saga.ReservedLine;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Orders for the domain tests, with the id the database would have given them. */
final class OrderTestData {

    static final OrderLimits LIMITS = new OrderLimits(50, 1000);

    private long id = 1001;
    private long userId = 7;
    private Long userCouponId;
    private final List<OrderLine> lines = new ArrayList<>();

    static OrderTestData anOrder() {
        return new OrderTestData();
    }

    OrderTestData withCoupon(long userCouponId) {
        this.userCouponId = userCouponId;
        return this;
    }

    OrderTestData withLine(long variantId, int quantity) {
        lines.add(new OrderLine(variantId, quantity));
        return this;
    }

    Order build() {
        List<OrderLine> ordered = lines.isEmpty() ? List.of(new OrderLine(12, 2)) : lines;
        Order order = Order.place(userId, ordered, userCouponId, LIMITS, Instant.parse("2026-11-22T01:00:00Z"));
        try {
            Field field = Order.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(order, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return order;
    }

    /** Product-service's answer for {@code order}: every line at {@code unitPrice}, product id = variant id + 1000. */
    static List<ReservedLine> reservedAt(Order order, long unitPrice) {
        return order.items().stream()
                .map(item -> new ReservedLine(item.variantId(), item.variantId() + 1000, "product " + item.variantId(),
                        "M/black", item.quantity(), unitPrice))
                .toList();
    }
}
