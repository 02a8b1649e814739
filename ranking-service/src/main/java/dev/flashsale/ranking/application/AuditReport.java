package dev.flashsale.ranking.application;

import dev.flashsale.ranking.domain.DailySalesReconciliation;
import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.domain.RankedProduct;

import java.time.Instant;
import java.util.List;

/**
 * The ranking held against a recount from the sales log, for the window of today. The recount stops
 * at the checkpoint, as the daily sales do, so a consistent ranking audits consistent at any moment.
 *
 * @param notYetAggregated sales-log rows past the checkpoint: the next run's work, in neither side
 * @param servedTop what {@code GET /products/popular} answers now
 * @param recountedTop the top products the recount gives
 */
public record AuditReport(DayRange window, long checkpoint, Instant aggregatedAt, long notYetAggregated,
                          DailySalesReconciliation dailySales, List<RankedProduct> servedTop,
                          List<RankedProduct> recountedTop) {

    public AuditReport {
        servedTop = List.copyOf(servedTop);
        recountedTop = List.copyOf(recountedTop);
    }

    public boolean topConsistent() {
        return servedTop.equals(recountedTop);
    }

    public boolean consistent() {
        return dailySales.consistent() && topConsistent();
    }
}
