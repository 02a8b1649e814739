package dev.flashsale.ranking.web;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.ranking.application.AggregationTrigger;
import dev.flashsale.ranking.application.RankingAudit;
import dev.flashsale.ranking.application.RankingProperties;
import dev.flashsale.ranking.application.SalesAggregation;
import dev.flashsale.ranking.domain.DayRange;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.ZoneId;

/** Operating the ranking by hand; the gateway lets only admins reach {@code /api/v1/admin/**}. */
@RestController
@RequestMapping("/api/v1/admin/ranking")
class RankingAdminController {

    private final SalesAggregation aggregation;
    private final RankingAudit audit;
    private final ZoneId zone;

    RankingAdminController(SalesAggregation aggregation, RankingAudit audit, RankingProperties properties) {
        this.aggregation = aggregation;
        this.audit = audit;
        this.zone = properties.zone();
    }

    /** Runs the aggregation now and answers once the popular products show its result. */
    @PostMapping("/aggregate")
    AdminResponses.Aggregation aggregate() {
        return AdminResponses.Aggregation.of(aggregation.run(AggregationTrigger.ADMIN), zone);
    }

    /** Recomputes the daily sales of {@code from}..{@code to} (both included) from the sales log. */
    @PostMapping("/rebuild")
    AdminResponses.Rebuild rebuild(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                   @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (to.isBefore(from)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "to (" + to + ") is before from (" + from + ")");
        }
        return AdminResponses.Rebuild.of(aggregation.rebuild(new DayRange(from, to)));
    }

    /** The daily sales and the served top products of today's window against a recount of the sales log. */
    @GetMapping("/audit")
    AdminResponses.Audit audit() {
        return AdminResponses.Audit.of(audit.audit(), zone);
    }
}
