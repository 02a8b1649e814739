package dev.flashsale.ranking;

import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.events.OrderItem;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the OrderCompleted events order-service publishes:
 * {@code anOrder().completedAt(kst(day, 10, 0)).of(product, 2).build()}. Every order gets an id of its own.
 */
final class CompletedOrder {

    static final ZoneOffset KST = ZoneOffset.ofHours(9);

    private static final AtomicLong ORDER_IDS = new AtomicLong(1_000);
    private static final AtomicLong PRODUCT_IDS = new AtomicLong(100);
    private static final long UNIT_PRICE = 1_000;

    private final List<OrderItem> items = new ArrayList<>();
    private OffsetDateTime completedAt = OffsetDateTime.now(KST);

    private CompletedOrder() {
    }

    static CompletedOrder anOrder() {
        return new CompletedOrder();
    }

    /** A product id no other test uses: names are looked up across all days. */
    static long newProduct() {
        return PRODUCT_IDS.incrementAndGet();
    }

    /** {@code hour:minute:second} on {@code day}, in Asia/Seoul. */
    static OffsetDateTime kst(LocalDate day, int hour, int minute, int second) {
        return day.atTime(hour, minute, second).atOffset(KST);
    }

    static OffsetDateTime kst(LocalDate day, int hour, int minute) {
        return kst(day, hour, minute, 0);
    }

    CompletedOrder completedAt(OffsetDateTime at) {
        completedAt = at;
        return this;
    }

    CompletedOrder of(long productId, int quantity) {
        return of(productId, quantity, "product " + productId);
    }

    CompletedOrder of(long productId, int quantity, String productName) {
        items.add(new OrderItem(productId, productId * 10 + items.size() + 1, quantity, UNIT_PRICE, productName));
        return this;
    }

    OrderCompleted build() {
        long total = items.stream().mapToLong(item -> item.unitPrice() * item.quantity()).sum();
        return new OrderCompleted(ORDER_IDS.incrementAndGet(), 7, items, total, 0, total, null, completedAt);
    }
}
