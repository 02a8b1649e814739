package dev.flashsale.ranking.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ranking rule of the public contract: the {@value #SIZE} products with the most units sold in
 * completed orders over the {@value #WINDOW_DAYS} calendar days ending today, ties going to the lower
 * product id so that the order never depends on how the rows happened to be read.
 */
public final class TopProducts {

    public static final int SIZE = 5;
    public static final int WINDOW_DAYS = 3;

    private static final Comparator<Map.Entry<Long, Long>> MOST_SOLD_FIRST =
            Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private TopProducts() {
    }

    /** The days that count on {@code today}: today and the two days before it. */
    public static DayRange windowEndingOn(LocalDate today) {
        return DayRange.ending(today, WINDOW_DAYS);
    }

    /**
     * Ranks the products of {@code sales}, summed over all their days. The caller passes only the days
     * of the window. A product with no unit sold never ranks.
     */
    public static List<RankedProduct> of(Collection<DailySale> sales) {
        Map<Long, Long> totals = new TreeMap<>();
        for (DailySale sale : sales) {
            totals.merge(sale.productId(), sale.quantity(), Math::addExact);
        }
        AtomicInteger rank = new AtomicInteger();
        return totals.entrySet().stream()
                .filter(total -> total.getValue() > 0)
                .sorted(MOST_SOLD_FIRST)
                .limit(SIZE)
                .map(total -> new RankedProduct(rank.incrementAndGet(), total.getKey(), total.getValue()))
                .toList();
    }
}
