package dev.flashsale.ranking.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daily sales as aggregated, held against a recount of the same sales from the sales log: per day
 * the two totals, and every (day, product) whose quantities differ. Equal totals could hide two
 * products that are off by the same amount, so consistency is judged per product.
 */
public record DailySalesReconciliation(List<DayTotal> days, List<Mismatch> mismatches) {

    public DailySalesReconciliation {
        days = List.copyOf(days);
        mismatches = List.copyOf(mismatches);
    }

    /** Reconciles the days of {@code range}; both lists hold sales of those days only. */
    public static DailySalesReconciliation of(DayRange range, Collection<DailySale> aggregated, Collection<DailySale> recounted) {
        List<DayTotal> days = new ArrayList<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            days.add(new DayTotal(day, totalOn(day, aggregated), totalOn(day, recounted)));
        }
        Map<Key, Long> aggregatedBy = byDayAndProduct(aggregated);
        Map<Key, Long> recountedBy = byDayAndProduct(recounted);
        Set<Key> keys = new HashSet<>(aggregatedBy.keySet());
        keys.addAll(recountedBy.keySet());
        List<Mismatch> mismatches = new ArrayList<>();
        for (Key key : keys) {
            long inDailySales = aggregatedBy.getOrDefault(key, 0L);
            long inSalesLog = recountedBy.getOrDefault(key, 0L);
            if (inDailySales != inSalesLog) {
                mismatches.add(new Mismatch(key.day(), key.productId(), inDailySales, inSalesLog));
            }
        }
        mismatches.sort(Comparator.comparing(Mismatch::day).thenComparingLong(Mismatch::productId));
        return new DailySalesReconciliation(days, mismatches);
    }

    public boolean consistent() {
        return mismatches.isEmpty();
    }

    private static long totalOn(LocalDate day, Collection<DailySale> sales) {
        return sales.stream().filter(sale -> sale.day().equals(day)).mapToLong(DailySale::quantity).sum();
    }

    private static Map<Key, Long> byDayAndProduct(Collection<DailySale> sales) {
        Map<Key, Long> quantities = new HashMap<>();
        for (DailySale sale : sales) {
            quantities.merge(new Key(sale.day(), sale.productId()), sale.quantity(), Math::addExact);
        }
        return quantities;
    }

    private record Key(LocalDate day, long productId) {
    }

    /** One day's units: in the daily sales, and recounted from the sales log. */
    public record DayTotal(LocalDate day, long aggregated, long recounted) {
    }

    /** A product whose daily row does not hold what the sales log says it should. */
    public record Mismatch(LocalDate day, long productId, long aggregated, long recounted) {
    }
}
