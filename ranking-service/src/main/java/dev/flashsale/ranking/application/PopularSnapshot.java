package dev.flashsale.ranking.application;

import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.domain.RankedProduct;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The top products of one window, computed once and served until {@code validUntil}: the earlier of
 * its maximum age and the end of the window's last day, when the window moves.
 *
 * @param names the product names as their latest sales gave them; a product may have none
 * @param asOf when the aggregation it reflects ran: sales recorded since are not counted yet; null before the first
 * @param generation the checkpoint's generation it was read at: another means the daily sales changed since
 */
public record PopularSnapshot(DayRange window, List<RankedProduct> ranking, Map<Long, String> names,
                              Instant asOf, Instant computedAt, Instant validUntil, long generation) {

    public PopularSnapshot {
        ranking = List.copyOf(ranking);
        names = Map.copyOf(names);
    }

    /** Whether it may be served at {@code now}; a clock set back (in a test) invalidates it too. */
    boolean isValidAt(Instant now) {
        return !now.isBefore(computedAt) && now.isBefore(validUntil);
    }

    PopularSnapshot keptUntil(Instant until) {
        return new PopularSnapshot(window, ranking, names, asOf, computedAt, until, generation);
    }

    public String nameOf(long productId) {
        return names.get(productId);
    }
}
