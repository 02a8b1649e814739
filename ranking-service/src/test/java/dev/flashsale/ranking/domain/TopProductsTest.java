package dev.flashsale.ranking.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TopProductsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @Test
    void windowIsTodayAndTheTwoCalendarDaysBefore() {
        assertThat(TopProducts.windowEndingOn(LocalDate.of(2026, 3, 1)))
                .isEqualTo(new DayRange(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 3, 1)));
    }

    @Test
    void ranksByUnitsSoldSummedOverTheDays() {
        List<RankedProduct> ranking = TopProducts.of(List.of(
                new DailySale(DAY, 1, 5), new DailySale(DAY.minusDays(1), 2, 4), new DailySale(DAY.minusDays(2), 2, 3)));

        assertThat(ranking).containsExactly(new RankedProduct(1, 2, 7), new RankedProduct(2, 1, 5));
    }

    @Test
    void ranksTiesByLowerProductIdWhateverTheOrderTheyCameIn() {
        List<RankedProduct> ranking = TopProducts.of(List.of(
                new DailySale(DAY, 30, 4), new DailySale(DAY, 10, 4), new DailySale(DAY, 20, 4)));

        assertThat(ranking).extracting(RankedProduct::productId).containsExactly(10L, 20L, 30L);
        assertThat(ranking).extracting(RankedProduct::rank).containsExactly(1, 2, 3);
    }

    @Test
    void keepsTheFiveBestSellers() {
        List<DailySale> sales = List.of(new DailySale(DAY, 1, 1), new DailySale(DAY, 2, 2), new DailySale(DAY, 3, 3),
                new DailySale(DAY, 4, 4), new DailySale(DAY, 5, 5), new DailySale(DAY, 6, 6), new DailySale(DAY, 7, 7));

        assertThat(TopProducts.of(sales)).extracting(RankedProduct::productId).containsExactly(7L, 6L, 5L, 4L, 3L);
    }

    @Test
    void ranksNothingWhenNothingSold() {
        assertThat(TopProducts.of(List.of())).isEmpty();
        assertThat(TopProducts.of(List.of(new DailySale(DAY, 1, 0)))).isEmpty();
    }
}
