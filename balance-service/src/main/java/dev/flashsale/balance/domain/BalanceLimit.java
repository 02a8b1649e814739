package dev.flashsale.balance.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;

/**
 * The most a charge may bring a balance to. Refunds are not held to it: money a user already had
 * always comes back, even to a balance that was topped up to the limit in the meantime.
 */
public record BalanceLimit(Money maximum) {

    public BalanceLimit {
        if (maximum.isZero()) {
            throw new IllegalArgumentException("the maximum balance must be positive");
        }
    }

    public static BalanceLimit of(long maximumWon) {
        return new BalanceLimit(Money.won(maximumWon));
    }

    /** The rejection of a charge that would have taken {@code balance} past the maximum. */
    public DomainException exceededBy(long userId, Money balance, Money amount) {
        return new DomainException(ErrorCode.BALANCE_LIMIT_EXCEEDED, "user " + userId + " has " + balance.won()
                + " won; charging " + amount.won() + " would pass the maximum balance of " + maximum.won());
    }
}
