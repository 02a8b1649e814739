package dev.flashsale.order.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A customer's order. It knows its lines and amounts and moves PENDING → COMPLETED or PENDING → CANCELLED,
 * once (through NEEDS_ATTENTION when giving everything back stalled); the order saga decides when. Prices and
 * the discount are never taken from the client: they arrive from product- and coupon-service through the saga.
 */
public final class Order {

    private Long id;
    private final long userId;
    private OrderStatus status;
    private final Long userCouponId;
    private final List<OrderItem> items;
    private Long totalAmount;
    private long discountAmount;
    private long paidAmount;
    private ErrorCode failureReason;
    private final Instant createdAt;
    private Instant completedAt;
    private Instant cancelledAt;
    private boolean changed;
    private boolean priced;

    private Order(Long id, long userId, OrderStatus status, Long userCouponId, List<OrderItem> items, Instant createdAt) {
        this.id = id;
        this.userId = userId;
        this.status = status;
        this.userCouponId = userCouponId;
        this.items = items;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * A new PENDING order. Rejects, with {@link ErrorCode#VALIDATION_FAILED}, what no participant should
     * ever see: no lines, too many lines or units, the same variant on two lines.
     */
    public static Order place(long userId, List<OrderLine> lines, Long userCouponId, OrderLimits limits, Instant now) {
        if (userId <= 0) {
            throw invalid("userId must be positive");
        }
        if (lines == null || lines.isEmpty()) {
            throw invalid("items must not be empty");
        }
        if (lines.size() > limits.maxLines()) {
            throw invalid("an order holds at most " + limits.maxLines() + " lines, this one has " + lines.size());
        }
        if (userCouponId != null && userCouponId <= 0) {
            throw invalid("userCouponId must be positive");
        }
        List<OrderItem> items = new ArrayList<>();
        Set<Long> variants = new HashSet<>();
        for (OrderLine line : lines) {
            if (line.variantId() <= 0 || line.quantity() <= 0) {
                throw invalid("every line needs a positive variantId and quantity");
            }
            if (line.quantity() > limits.maxQuantityPerLine()) {
                throw invalid("at most " + limits.maxQuantityPerLine() + " units of one variant per order, variant "
                        + line.variantId() + " asks for " + line.quantity());
            }
            if (!variants.add(line.variantId())) {
                throw invalid("variant " + line.variantId() + " appears on more than one line; put the quantities together");
            }
            items.add(new OrderItem(line.variantId(), line.quantity()));
        }
        return new Order(null, userId, OrderStatus.PENDING, userCouponId, items, now);
    }

    /** An order as it was stored. */
    public static Order restore(long id, long userId, OrderStatus status, Long userCouponId, List<OrderItem> items,
                                Long totalAmount, long discountAmount, long paidAmount, ErrorCode failureReason,
                                Instant createdAt, Instant completedAt, Instant cancelledAt) {
        Order order = new Order(id, userId, status, userCouponId, List.copyOf(items), createdAt);
        order.totalAmount = totalAmount;
        order.discountAmount = discountAmount;
        order.paidAmount = paidAmount;
        order.failureReason = failureReason;
        order.completedAt = completedAt;
        order.cancelledAt = cancelledAt;
        return order;
    }

    private static DomainException invalid(String detail) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, detail);
    }

    /** The id the store gave a placed order. */
    public void assignId(long id) {
        if (this.id != null) {
            throw new IllegalStateException("order " + this.id + " has its id already");
        }
        this.id = id;
    }

    /** Takes product-service's prices for every line; the total follows from them. */
    public void priceWith(List<PricedLine> reserved) {
        Map<Long, PricedLine> byVariant = new HashMap<>();
        reserved.forEach(line -> byVariant.put(line.variantId(), line));
        if (byVariant.size() != items.size()) {
            throw new IllegalArgumentException("order " + id + " has " + items.size() + " lines, "
                    + byVariant.size() + " were reserved");
        }
        long total = 0;
        for (OrderItem item : items) {
            PricedLine line = byVariant.get(item.variantId());
            if (line == null) {
                throw new IllegalArgumentException("variant " + item.variantId() + " of order " + id + " was not reserved");
            }
            item.price(line);
            total = Math.addExact(total, item.amount());
        }
        totalAmount = total;
        priced = true;
        changed = true;
    }

    /** A coupon never takes more off than the order costs. */
    public void discount(long amount) {
        discountAmount = Math.min(Math.max(0, amount), totalAmount());
        changed = true;
    }

    /** What the customer pays: the reserved total less the coupon's discount. */
    public long payableAmount() {
        return totalAmount() - discountAmount;
    }

    public void complete(Instant now) {
        requireStatus("complete", OrderStatus.PENDING);
        status = OrderStatus.COMPLETED;
        paidAmount = payableAmount();
        completedAt = now;
        changed = true;
    }

    /** Everything the saga took is given back: the order ends, with the reason it failed. */
    public void cancel(ErrorCode reason, Instant now) {
        requireStatus("cancel", OrderStatus.PENDING, OrderStatus.NEEDS_ATTENTION);
        status = OrderStatus.CANCELLED;
        failureReason = Objects.requireNonNull(reason, "reason");
        paidAmount = 0;
        cancelledAt = now;
        changed = true;
    }

    /** Giving back stalled: the customer sees that the order needs a person, and why it failed. */
    public void needsAttention(ErrorCode reason) {
        requireStatus("flag", OrderStatus.PENDING);
        status = OrderStatus.NEEDS_ATTENTION;
        failureReason = reason;
        changed = true;
    }

    private void requireStatus(String action, OrderStatus... allowed) {
        for (OrderStatus candidate : allowed) {
            if (status == candidate) {
                return;
            }
        }
        throw new IllegalStateException("cannot " + action + " order " + id + ": it is " + status);
    }

    public List<OrderLine> lines() {
        return items.stream().map(item -> new OrderLine(item.variantId(), item.quantity())).toList();
    }

    /** Whether the order changed since it was loaded or placed (the store writes it then). */
    public boolean isChanged() {
        return changed;
    }

    /** Whether its lines were priced since it was loaded (the store writes the lines then). */
    public boolean isPricedNow() {
        return priced;
    }

    public Long id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    public OrderStatus status() {
        return status;
    }

    public boolean isPending() {
        return status == OrderStatus.PENDING;
    }

    public Long userCouponId() {
        return userCouponId;
    }

    public boolean hasCoupon() {
        return userCouponId != null;
    }

    public List<OrderItem> items() {
        return List.copyOf(items);
    }

    /** Null until the stock is reserved and priced. */
    public Long totalAmountOrNull() {
        return totalAmount;
    }

    public long totalAmount() {
        if (totalAmount == null) {
            throw new IllegalStateException("order " + id + " is not priced yet");
        }
        return totalAmount;
    }

    public long discountAmount() {
        return discountAmount;
    }

    public long paidAmount() {
        return paidAmount;
    }

    public ErrorCode failureReason() {
        return failureReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }
}
