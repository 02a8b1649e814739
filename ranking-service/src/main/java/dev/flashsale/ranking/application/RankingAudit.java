package dev.flashsale.ranking.application;

import dev.flashsale.ranking.domain.Checkpoint;
import dev.flashsale.ranking.domain.DailySale;
import dev.flashsale.ranking.domain.DailySalesReconciliation;
import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.domain.TopProducts;
import dev.flashsale.ranking.persistence.AggregationCheckpoint;
import dev.flashsale.ranking.persistence.DailySales;
import dev.flashsale.ranking.persistence.SalesLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Checks the incremental pipeline against the raw sales, for the load-test checker and for an
 * operator in doubt: the daily rows of today's window against a recount of the sales log, and the
 * served top products against the top products of that recount.
 */
@Service
public class RankingAudit {

    private final AggregationCheckpoint checkpoints;
    private final DailySales dailySales;
    private final SalesLog salesLog;
    private final PopularProducts popularProducts;
    private final TransactionTemplate consistentReads;

    public RankingAudit(AggregationCheckpoint checkpoints, DailySales dailySales, SalesLog salesLog,
                        PopularProducts popularProducts, PlatformTransactionManager transactionManager) {
        this.checkpoints = checkpoints;
        this.dailySales = dailySales;
        this.salesLog = salesLog;
        this.popularProducts = popularProducts;
        this.consistentReads = ConsistentReads.in(transactionManager);
    }

    public AuditReport audit() {
        PopularSnapshot served = popularProducts.current();
        DayRange window = served.window();
        return consistentReads.execute(status -> {
            Checkpoint checkpoint = checkpoints.read();
            List<DailySale> recounted = salesLog.aggregatedSales(window, checkpoint.aggregatedBelow());
            return new AuditReport(window, checkpoint.aggregatedBelow(), checkpoint.movedAt(),
                    salesLog.notYetAggregated(checkpoint.aggregatedBelow()),
                    DailySalesReconciliation.of(window, dailySales.in(window), recounted),
                    served.ranking(), TopProducts.of(recounted));
        });
    }
}
