package dev.flashsale.contracts;

import java.util.List;
import java.util.Objects;

/** Construction guards of the message records: a malformed message fails as it is read. */
public final class Guards {

    private Guards() {
    }

    public static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    public static long notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    public static <T> List<T> notEmpty(List<T> list, String name) {
        Objects.requireNonNull(list, name);
        if (list.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return List.copyOf(list);
    }
}
