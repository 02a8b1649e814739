package dev.flashsale.balance.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;

/** An amount a user tops their balance up by: a positive number of won. */
public record Charge(long userId, Money amount) {

    public static Charge of(long userId, long amount) {
        if (amount <= 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "a charge must be a positive amount, was " + amount);
        }
        return new Charge(userId, Money.won(amount));
    }
}
