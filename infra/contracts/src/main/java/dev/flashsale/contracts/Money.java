package dev.flashsale.contracts;

/**
 * An amount of won. Never negative, never fractional: percentages are applied with
 * {@link #percent(long)}, which rounds down to the won.
 */
public record Money(long won) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public Money {
        if (won < 0) {
            throw new IllegalArgumentException("an amount of money is never negative, was " + won);
        }
    }

    public static Money won(long won) {
        return new Money(won);
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(won, other.won));
    }

    /** @throws IllegalArgumentException when {@code other} is larger: money never goes below zero */
    public Money minus(Money other) {
        return new Money(won - other.won);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(won, factor));
    }

    /** {@code percent} percent of this amount, rounded down to the won. */
    public Money percent(long percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a percentage is between 0 and 100, was " + percent);
        }
        return new Money(Math.multiplyExact(won, percent) / 100);
    }

    public Money min(Money other) {
        return won <= other.won ? this : other;
    }

    public boolean isGreaterThan(Money other) {
        return won > other.won;
    }

    public boolean isZero() {
        return won == 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(won, other.won);
    }

    @Override
    public String toString() {
        return won + " won";
    }
}
