package dev.flashsale.order.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.events.OrderCancelled;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.contracts.saga.ReservedLine;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A customer's order. It knows its lines and amounts and moves PENDING → COMPLETED or PENDING →
 * CANCELLED, once; the {@link OrderSaga} decides when. Prices and the discount are never taken from
 * the client: they arrive from product- and coupon-service through the saga.
 */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "orders_seq")
    @SequenceGenerator(name = "orders_seq", sequenceName = "orders_seq", allocationSize = 50)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OrderStatus status;

    @Column(name = "user_coupon_id")
    private Long userCouponId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_item", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderItem> items = new ArrayList<>();

    @Column(name = "total_amount")
    private Long totalAmount;

    @Column(name = "discount_amount", nullable = false)
    private long discountAmount;

    @Column(name = "paid_amount", nullable = false)
    private long paidAmount;

    @Enumerated(EnumType.STRING)
    @Column(name = "failure_reason")
    private ErrorCode failureReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Version
    private long version;

    protected Order() {
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
        Order order = new Order();
        order.userId = userId;
        order.status = OrderStatus.PENDING;
        order.userCouponId = userCouponId;
        order.createdAt = Objects.requireNonNull(now, "now");
        Set<Long> variants = new HashSet<>();
        for (OrderLine line : lines) {
            if (line.quantity() > limits.maxQuantityPerLine()) {
                throw invalid("at most " + limits.maxQuantityPerLine() + " units of one variant per order, variant "
                        + line.variantId() + " asks for " + line.quantity());
            }
            if (!variants.add(line.variantId())) {
                throw invalid("variant " + line.variantId() + " appears on more than one line; put the quantities together");
            }
            order.items.add(new OrderItem(line.variantId(), line.quantity()));
        }
        return order;
    }

    private static DomainException invalid(String detail) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, detail);
    }

    /** Takes product-service's prices for every line; the total follows from them. */
    void priceWith(List<ReservedLine> reserved) {
        Map<Long, ReservedLine> byVariant = new HashMap<>();
        reserved.forEach(line -> byVariant.put(line.variantId(), line));
        if (byVariant.size() != items.size()) {
            throw new IllegalArgumentException("order " + id + " has " + items.size() + " lines, "
                    + byVariant.size() + " were reserved");
        }
        long total = 0;
        for (OrderItem item : items) {
            ReservedLine line = byVariant.get(item.variantId());
            if (line == null) {
                throw new IllegalArgumentException("variant " + item.variantId() + " of order " + id + " was not reserved");
            }
            item.price(line);
            total = Math.addExact(total, item.amount());
        }
        totalAmount = total;
    }

    /** A coupon never takes more off than the order costs. */
    void discount(long amount) {
        discountAmount = Math.min(Math.max(0, amount), totalAmount());
    }

    /** What the customer pays: the reserved total less the coupon's discount. */
    public long payableAmount() {
        return totalAmount() - discountAmount;
    }

    void complete(OffsetDateTime now) {
        requirePending("complete");
        status = OrderStatus.COMPLETED;
        paidAmount = payableAmount();
        completedAt = now.toInstant();
    }

    void cancel(ErrorCode reason, OffsetDateTime now) {
        requirePending("cancel");
        status = OrderStatus.CANCELLED;
        failureReason = Objects.requireNonNull(reason, "reason");
        paidAmount = 0;
        cancelledAt = now.toInstant();
    }

    private void requirePending(String action) {
        if (status != OrderStatus.PENDING) {
            throw new IllegalStateException("cannot " + action + " order " + id + ": it is " + status);
        }
    }

    List<OrderLine> lines() {
        return items.stream().map(item -> new OrderLine(item.variantId(), item.quantity())).toList();
    }

    OrderCompleted completedEvent(OffsetDateTime at) {
        List<dev.flashsale.contracts.events.OrderItem> lines = items.stream()
                .map(item -> new dev.flashsale.contracts.events.OrderItem(item.productId(), item.variantId(),
                        item.quantity(), item.unitPrice(), item.productName()))
                .toList();
        return new OrderCompleted(id, userId, lines, totalAmount(), discountAmount, paidAmount, userCouponId, at);
    }

    OrderCancelled cancelledEvent(OffsetDateTime at) {
        List<OrderCancelled.CancelledItem> lines = items.stream()
                .map(item -> new OrderCancelled.CancelledItem(item.variantId(), item.quantity(), item.productId(),
                        item.unitPrice()))
                .toList();
        return new OrderCancelled(id, userId, lines, failureReason, userCouponId, at);
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

    public List<OrderItem> items() {
        return List.copyOf(items);
    }

    /** Null until the stock is reserved and priced. */
    public Long totalAmountOrNull() {
        return totalAmount;
    }

    private long totalAmount() {
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
}
