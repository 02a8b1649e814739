package dev.flashsale.order.persistence;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Aggregates for the audit endpoint and the load-test checker: plain SQL over the whole tables, so a
 * checker can compare them with what the other services and the public topic say.
 */
@Repository
public class OrderAudit {

    private static final String OPEN_SAGAS = "SELECT count(*) FROM order_saga WHERE state IN ('RUNNING', 'COMPENSATING')";
    private static final String FAILED_SAGAS = "SELECT count(*) FROM order_saga WHERE state = 'FAILED'";
    private static final String FIGURES = """
            SELECT
              (SELECT count(*) FROM orders WHERE status = 'PENDING')                              AS pending,
              (SELECT count(*) FROM orders WHERE status = 'COMPLETED')                            AS completed,
              (SELECT count(*) FROM orders WHERE status = 'CANCELLED')                            AS cancelled,
              (SELECT count(*) FROM orders WHERE status = 'NEEDS_ATTENTION')                      AS needs_attention,
              (SELECT coalesce(sum(paid_amount), 0) FROM orders WHERE status = 'COMPLETED')       AS paid,
              (SELECT coalesce(sum(discount_amount), 0) FROM orders WHERE status = 'COMPLETED')   AS discounted,
              (SELECT count(*) FROM payment)                                                      AS payments,
              (SELECT coalesce(sum(amount), 0) FROM payment)                                      AS payments_amount,
              (%s)                                                                                AS open_sagas,
              (%s)                                                                                AS failed_sagas,
              (SELECT count(*) FROM orders WHERE status = 'PENDING' AND created_at < ?)            AS old_pending
            """.formatted(OPEN_SAGAS, FAILED_SAGAS);

    private final JdbcTemplate jdbc;

    public OrderAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Figures figures(Instant pendingBefore) {
        return jdbc.queryForObject(FIGURES, (row, n) -> new Figures(
                row.getLong("pending"), row.getLong("completed"), row.getLong("cancelled"), row.getLong("needs_attention"),
                row.getLong("paid"), row.getLong("discounted"), row.getLong("payments"), row.getLong("payments_amount"),
                row.getLong("open_sagas"), row.getLong("failed_sagas"), row.getLong("old_pending")),
                Timestamp.from(pendingBefore));
    }

    /** Ids of completed orders in ascending order, a page at a time. */
    public List<Long> completedOrderIds(int page, int size) {
        return jdbc.queryForList("SELECT id FROM orders WHERE status = 'COMPLETED' ORDER BY id LIMIT ? OFFSET ?",
                Long.class, size, (long) page * size);
    }

    public long openSagas() {
        return count(OPEN_SAGAS);
    }

    public long failedSagas() {
        return count(FAILED_SAGAS);
    }

    private long count(String sql) {
        Long count = jdbc.queryForObject(sql, Long.class);
        return count == null ? 0 : count;
    }

    public record Figures(long pendingOrders, long completedOrders, long cancelledOrders, long needsAttentionOrders,
                          long completedPaidAmount,
                          long completedDiscountAmount, long payments, long paymentsAmount, long openSagas,
                          long failedSagas, long pendingOlderThanThreshold) {
    }
}
