package dev.flashsale.balance.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.SagaMessage;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The payment step of one order, as this service remembers it: what was deducted, or why not, and
 * whether it was given back. There is at most one per order (the order id is the key), which is what
 * makes the saga step idempotent per order: a repeated command is answered from here and moves no
 * money.
 */
@Entity
@Table(name = "payment")
public class Payment {

    /** The reason a deduction is refused for an order that was already compensated. */
    public static final ErrorCode COMPENSATED = ErrorCode.CONFLICT;

    @Id
    private long orderId;

    private long userId;

    private long amount;

    @Enumerated(EnumType.STRING)
    private PaymentStatus status;

    private UUID paymentRef;

    @Enumerated(EnumType.STRING)
    private ErrorCode reason;

    private String detail;

    private Instant createdAt;

    private Instant refundedAt;

    /** Null until first saved, which is how a new payment is told from a loaded one. */
    @Version
    private Integer version;

    protected Payment() {
        // for JPA
    }

    private Payment(long orderId, long userId, Money amount, PaymentStatus status, UUID paymentRef,
                    ErrorCode reason, String detail, Instant createdAt) {
        this.orderId = orderId;
        this.userId = userId;
        this.amount = amount.won();
        this.status = status;
        this.paymentRef = paymentRef;
        this.reason = reason;
        this.detail = detail;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code amount} left the user's balance for the order. */
    public static Payment deducted(long orderId, long userId, Money amount, Instant at) {
        return new Payment(orderId, userId, amount, PaymentStatus.DEDUCTED, UUID.randomUUID(), null, null, at);
    }

    /** Nothing was deducted, for {@code reason}. */
    public static Payment declined(long orderId, long userId, Money amount, ErrorCode reason, String detail, Instant at) {
        return new Payment(orderId, userId, amount, PaymentStatus.DECLINED, null, Objects.requireNonNull(reason, "reason"),
                detail, at);
    }

    /** The order was compensated before anything was deducted for it. */
    public static Payment voided(long orderId, long userId, Instant at) {
        return new Payment(orderId, userId, Money.ZERO, PaymentStatus.VOIDED, null, null, null, at);
    }

    public boolean isRefundable() {
        return status == PaymentStatus.DEDUCTED;
    }

    /**
     * Gives the deduction back: the caller credits the returned amount to the user's balance in the
     * same transaction.
     *
     * @throws IllegalStateException unless the payment is {@link PaymentStatus#DEDUCTED}: money goes back once
     */
    public Money markRefunded(Instant at) {
        if (!isRefundable()) {
            throw new IllegalStateException("order " + orderId + " is " + status + ", there is nothing to refund");
        }
        status = PaymentStatus.REFUNDED;
        refundedAt = Objects.requireNonNull(at, "at");
        return amount();
    }

    /** The reply to a DeductBalance for this order: the same for the first command and every repeat. */
    public SagaMessage deductionOutcome() {
        return switch (status) {
            case DEDUCTED -> new BalanceDeducted(orderId, userId, amount, paymentRef.toString());
            case DECLINED -> new BalanceDeductionFailed(orderId, userId, reason, detail);
            case REFUNDED, VOIDED -> new BalanceDeductionFailed(orderId, userId, COMPENSATED,
                    "order " + orderId + " was compensated (" + status + "); nothing is deducted for it any more");
        };
    }

    /**
     * Whether a command with these figures describes this payment; a repeat that does not is worth a
     * warning. A voided payment never learned the order's amount, so only its user can differ.
     */
    public boolean matches(long userId, Money amount) {
        return this.userId == userId && (status == PaymentStatus.VOIDED || this.amount == amount.won());
    }

    public long orderId() {
        return orderId;
    }

    public long userId() {
        return userId;
    }

    public Money amount() {
        return Money.won(amount);
    }

    public PaymentStatus status() {
        return status;
    }

    /** Names the deduction for the orchestrator; null when nothing was deducted. */
    public UUID paymentRef() {
        return paymentRef;
    }

    public ErrorCode reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant refundedAt() {
        return refundedAt;
    }
}
