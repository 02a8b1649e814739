package dev.flashsale.ranking;

import dev.flashsale.testkit.MutableClock;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.flashsale.ranking.CompletedOrder.kst;

/**
 * Gives each test a "today" of its own, weeks apart from every other test's, and sets the service's
 * clock to it: the tests share one database, and the ranking counts every sale of a window, so a
 * test's window holds only its own sales.
 */
class TestCalendar {

    private static final LocalDate FIRST = LocalDate.of(2031, 1, 10);
    private static final int DAYS_APART = 20;

    private final MutableClock clock;
    private final AtomicInteger taken = new AtomicInteger();

    TestCalendar(MutableClock clock) {
        this.clock = clock;
    }

    /** A day no other test uses, with the clock at noon of it in Seoul. */
    LocalDate freshDayAtNoon() {
        LocalDate day = FIRST.plusDays((long) DAYS_APART * taken.getAndIncrement());
        clock.set(kst(day, 12, 0).toInstant());
        return day;
    }
}
