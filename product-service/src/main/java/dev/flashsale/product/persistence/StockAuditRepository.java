package dev.flashsale.product.persistence;

import dev.flashsale.product.domain.VariantStockAudit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;

/** Reads every variant's counters and its reservations' sums in one statement, so in one consistent snapshot. */
@Repository
public class StockAuditRepository {

    private static final String AUDIT = """
            SELECT v.id, v.product_id, v.initial_stock, v.stock_adjustment, v.orderable, v.reserved, v.sold,
                   coalesce(sum(l.quantity) FILTER (WHERE r.status = 'RESERVED'), 0)  AS held,
                   coalesce(sum(l.quantity) FILTER (WHERE r.status = 'CONFIRMED'), 0) AS sold_by_reservations
            FROM variant v
            LEFT JOIN stock_reservation_line l ON l.variant_id = v.id
            LEFT JOIN stock_reservation r ON r.order_id = l.order_id
            WHERE (?::bigint IS NULL OR v.product_id = ?)
            GROUP BY v.id
            ORDER BY v.id""";

    private final JdbcTemplate jdbc;

    public StockAuditRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every variant, or only those of {@code productId} when it is not null. */
    public List<VariantStockAudit> variants(Long productId) {
        return jdbc.query(AUDIT, (row, n) -> new VariantStockAudit(
                row.getLong("id"), row.getLong("product_id"), row.getLong("initial_stock"),
                row.getLong("stock_adjustment"), row.getLong("orderable"), row.getLong("reserved"),
                row.getLong("sold"), row.getLong("held"), row.getLong("sold_by_reservations")), productId, productId);
    }
}
