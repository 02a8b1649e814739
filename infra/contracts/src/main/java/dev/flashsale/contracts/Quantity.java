package dev.flashsale.contracts;

/** A number of units of a variant. Never negative. */
public record Quantity(int units) implements Comparable<Quantity> {

    public static final Quantity ZERO = new Quantity(0);

    public Quantity {
        if (units < 0) {
            throw new IllegalArgumentException("a quantity is never negative, was " + units);
        }
    }

    public static Quantity of(int units) {
        return new Quantity(units);
    }

    public Quantity plus(Quantity other) {
        return new Quantity(Math.addExact(units, other.units));
    }

    /** @throws IllegalArgumentException when {@code other} is larger */
    public Quantity minus(Quantity other) {
        return new Quantity(units - other.units);
    }

    public boolean isZero() {
        return units == 0;
    }

    @Override
    public int compareTo(Quantity other) {
        return Integer.compare(units, other.units);
    }

    @Override
    public String toString() {
        return units + " units";
    }
}
