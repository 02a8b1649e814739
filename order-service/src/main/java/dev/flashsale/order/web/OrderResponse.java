package dev.flashsale.order.web;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderStatus;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * An order as the public contract shows it (docs/api.md). {@code totalAmount} is null until product-service has priced the lines;
 * {@code productId}, {@code unitPrice} and {@code productName} of a line likewise.
 */
public record OrderResponse(long orderId, long userId, OrderStatus status, List<Item> items, Long totalAmount,
                            long discountAmount, long paidAmount, Long userCouponId, ErrorCode failureReason,
                            OffsetDateTime createdAt, OffsetDateTime completedAt) {

    public record Item(long variantId, Long productId, int quantity, Long unitPrice, String productName) {
    }

    static OrderResponse of(Order order, ZoneId zone) {
        List<Item> items = order.items().stream()
                .map(item -> new Item(item.variantId(), item.productId(), item.quantity(), item.unitPrice(),
                        item.productName()))
                .toList();
        return new OrderResponse(order.id(), order.userId(), order.status(), items, order.totalAmountOrNull(),
                order.discountAmount(), order.paidAmount(), order.userCouponId(), order.failureReason(),
                Times.at(order.createdAt(), zone), Times.at(order.completedAt(), zone));
    }
}
