package dev.flashsale.ranking.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DailySalesReconciliationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    private static final DayRange WINDOW = DayRange.ending(DAY, 3);

    @Test
    void isConsistentWhenEveryProductOfEveryDayMatches() {
        List<DailySale> sales = List.of(new DailySale(DAY, 1, 3), new DailySale(DAY.minusDays(1), 2, 4));

        DailySalesReconciliation reconciliation = DailySalesReconciliation.of(WINDOW, sales, sales);

        assertThat(reconciliation.consistent()).isTrue();
        assertThat(reconciliation.days()).containsExactly(
                new DailySalesReconciliation.DayTotal(DAY.minusDays(2), 0, 0),
                new DailySalesReconciliation.DayTotal(DAY.minusDays(1), 4, 4),
                new DailySalesReconciliation.DayTotal(DAY, 3, 3));
    }

    @Test
    void findsProductsOffInOppositeDirectionsThoughTheDayTotalMatches() {
        DailySalesReconciliation reconciliation = DailySalesReconciliation.of(WINDOW,
                List.of(new DailySale(DAY, 1, 5), new DailySale(DAY, 2, 1)),
                List.of(new DailySale(DAY, 1, 3), new DailySale(DAY, 2, 3)));

        assertThat(reconciliation.consistent()).isFalse();
        assertThat(reconciliation.days()).contains(new DailySalesReconciliation.DayTotal(DAY, 6, 6));
        assertThat(reconciliation.mismatches()).containsExactly(
                new DailySalesReconciliation.Mismatch(DAY, 1, 5, 3),
                new DailySalesReconciliation.Mismatch(DAY, 2, 1, 3));
    }

    @Test
    void findsARowMissingOnEitherSide() {
        DailySalesReconciliation reconciliation = DailySalesReconciliation.of(WINDOW,
                List.of(new DailySale(DAY, 1, 2)), List.of(new DailySale(DAY.minusDays(2), 9, 1)));

        assertThat(reconciliation.mismatches()).containsExactly(
                new DailySalesReconciliation.Mismatch(DAY.minusDays(2), 9, 0, 1),
                new DailySalesReconciliation.Mismatch(DAY, 1, 2, 0));
    }
}
