package dev.flashsale.balance.domain;

import dev.flashsale.contracts.Money;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a user's balance, never altered once written. {@code amount} is always the size of
 * the change (never negative); its direction is the {@link EntryType}. The sum of a user's entries,
 * signed by type, is the user's balance.
 */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long userId;

    @Enumerated(EnumType.STRING)
    private EntryType type;

    private long amount;

    private long balanceAfter;

    private Long orderId;

    private Instant at;

    protected LedgerEntry() {
        // for JPA
    }

    private LedgerEntry(long userId, EntryType type, Money amount, Money balanceAfter, Long orderId, Instant at) {
        this.userId = userId;
        this.type = type;
        this.amount = amount.won();
        this.balanceAfter = balanceAfter.won();
        this.orderId = orderId;
        this.at = Objects.requireNonNull(at, "at");
    }

    public static LedgerEntry charge(long userId, Money amount, Money balanceAfter, Instant at) {
        return new LedgerEntry(userId, EntryType.CHARGE, amount, balanceAfter, null, at);
    }

    public static LedgerEntry payment(long userId, long orderId, Money amount, Money balanceAfter, Instant at) {
        return new LedgerEntry(userId, EntryType.PAYMENT, amount, balanceAfter, orderId, at);
    }

    public static LedgerEntry refund(long userId, long orderId, Money amount, Money balanceAfter, Instant at) {
        return new LedgerEntry(userId, EntryType.REFUND, amount, balanceAfter, orderId, at);
    }

    public Long id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    public EntryType type() {
        return type;
    }

    public Money amount() {
        return Money.won(amount);
    }

    public Money balanceAfter() {
        return Money.won(balanceAfter);
    }

    /** The order a payment or refund belongs to; null for a charge. */
    public Long orderId() {
        return orderId;
    }

    public Instant at() {
        return at;
    }
}
