package dev.flashsale.order.domain;

import java.time.Instant;
import java.util.Objects;

/** Money that left a balance for an order: balance-service's ledger entry, as order-service records it. */
public record Payment(long orderId, long userId, long amount, String paymentRef, Instant paidAt) {
    public Payment {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(paidAt, "paidAt");
        if (amount < 0) {
            throw new IllegalArgumentException("a payment is never negative");
        }
    }
}
