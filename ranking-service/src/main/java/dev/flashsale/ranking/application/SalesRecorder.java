package dev.flashsale.ranking.application;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.ranking.domain.OrderSale;
import dev.flashsale.ranking.persistence.SalesLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * Writes each completed order into the sales log, once. The inbox already skips an event delivered
 * again; this also skips the same order under a new event id, so nothing counts an order twice.
 */
@Service
public class SalesRecorder {

    private static final Logger log = LoggerFactory.getLogger(SalesRecorder.class);

    private final SalesLog salesLog;
    private final RankingMetrics metrics;
    private final ZoneId zone;

    public SalesRecorder(SalesLog salesLog, RankingMetrics metrics, RankingProperties properties) {
        this.salesLog = salesLog;
        this.metrics = metrics;
        this.zone = properties.zone();
    }

    /** Joins the inbox transaction of the event, so the inbox row and the sale commit together. */
    @Transactional
    public void record(Envelope envelope, OrderCompleted order) {
        // An event without completedAt is from an older producer; the time it was published is the closest we know.
        OffsetDateTime completedAt = order.completedAt() != null ? order.completedAt() : envelope.occurredAt();
        OrderSale sale = OrderSale.of(order.orderId(), completedAt.toInstant(), zone, order.items().stream()
                .map(item -> new OrderSale.Line(item.productId(), item.productName(), item.quantity()))
                .toList());
        if (salesLog.appendUnlessLogged(sale, envelope.eventId())) {
            metrics.orderRecorded();
        } else {
            log.info("Order {} is in the sales log already; event {} does not count it again", order.orderId(), envelope.eventId());
            metrics.duplicateOrder();
        }
    }
}
