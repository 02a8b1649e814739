package dev.flashsale.ranking.web;

import dev.flashsale.ranking.application.AggregationRun;
import dev.flashsale.ranking.application.AuditReport;
import dev.flashsale.ranking.application.RebuildRun;
import dev.flashsale.ranking.domain.DailySalesReconciliation;
import dev.flashsale.ranking.domain.RankedProduct;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** The bodies of the admin endpoints. */
final class AdminResponses {

    private AdminResponses() {
    }

    /**
     * {@code {"trigger": "ADMIN", "salesLines": 12, "dailyRows": 4, "fromCheckpoint": 750, "toCheckpoint": 812,
     * "ranAt": "2026-11-22T10:00:00+09:00", "durationMillis": 7}}
     */
    record Aggregation(String trigger, long salesLines, int dailyRows, long fromCheckpoint, long toCheckpoint,
                       OffsetDateTime ranAt, long durationMillis) {

        static Aggregation of(AggregationRun run, ZoneId zone) {
            return new Aggregation(run.trigger().name(), run.salesLines(), run.dailyRows(), run.fromCheckpoint(),
                    run.toCheckpoint(), at(run.ranAt(), zone), run.took().toMillis());
        }
    }

    /** {@code {"from": "2026-11-01", "to": "2026-11-22", "dailyRows": 310, "checkpoint": 812}} */
    record Rebuild(LocalDate from, LocalDate to, int dailyRows, long checkpoint) {

        static Rebuild of(RebuildRun run) {
            return new Rebuild(run.days().from(), run.days().to(), run.dailyRows(), run.checkpoint());
        }
    }

    /**
     * {@code {"consistent": true, "from": ..., "to": ..., "checkpoint": 812, "aggregatedAt": ..., "notYetAggregated": 3,
     * "dailySalesConsistent": true, "days": [{"day", "aggregated", "recounted"}], "mismatches": [],
     * "topConsistent": true, "servedTop": [{"rank", "productId", "soldQuantity"}], "recountedTop": [...]}}
     */
    record Audit(boolean consistent, LocalDate from, LocalDate to, long checkpoint, OffsetDateTime aggregatedAt,
                 long notYetAggregated, boolean dailySalesConsistent, List<DailySalesReconciliation.DayTotal> days,
                 List<DailySalesReconciliation.Mismatch> mismatches, boolean topConsistent,
                 List<RankedProduct> servedTop, List<RankedProduct> recountedTop) {

        static Audit of(AuditReport report, ZoneId zone) {
            return new Audit(report.consistent(), report.window().from(), report.window().to(), report.checkpoint(),
                    at(report.aggregatedAt(), zone), report.notYetAggregated(), report.dailySales().consistent(),
                    report.dailySales().days(), report.dailySales().mismatches(), report.topConsistent(),
                    report.servedTop(), report.recountedTop());
        }
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
