package dev.flashsale.ranking;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each test a "today" of its own, weeks apart from every other test's: the tests share one
 * database, and the ranking counts every sale of a window, so a test's window holds only its own sales.
 */
final class TestDays {

    private static final LocalDate FIRST = LocalDate.of(2031, 1, 10);
    private static final int DAYS_APART = 20;
    private static final AtomicInteger TAKEN = new AtomicInteger();

    private TestDays() {
    }

    static LocalDate freshToday() {
        return FIRST.plusDays((long) DAYS_APART * TAKEN.getAndIncrement());
    }
}
