package dev.flashsale.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Money that left a balance for an order: balance-service's ledger entry, as order-service records it. */
@Entity
@Table(name = "payment")
public class Payment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "order_id", nullable = false, unique = true)
    private long orderId;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(nullable = false)
    private long amount;

    @Column(name = "payment_ref", nullable = false)
    private String paymentRef;

    @Column(name = "paid_at", nullable = false)
    private Instant paidAt;

    protected Payment() {
    }

    Payment(long orderId, long userId, long amount, String paymentRef, Instant paidAt) {
        this.orderId = orderId;
        this.userId = userId;
        this.amount = amount;
        this.paymentRef = paymentRef;
        this.paidAt = paidAt;
    }

    public long orderId() {
        return orderId;
    }

    public long amount() {
        return amount;
    }

    public String paymentRef() {
        return paymentRef;
    }
}
