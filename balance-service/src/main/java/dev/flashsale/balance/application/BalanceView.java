package dev.flashsale.balance.application;

/** A user's balance in won: {@code {"userId": 7, "balance": 10000}}. */
public record BalanceView(long userId, long balance) {
}
