package dev.flashsale.ranking.persistence;

import dev.flashsale.ranking.domain.DailySale;
import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.domain.OrderSale;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The {@code sales_log} table: one row per product of every completed order. */
@Repository
public class SalesLog {

    /**
     * Units per day and product of the rows the checkpoint says are aggregated: what
     * {@code daily_sales} must hold for those days. Parameters: first day, last day, checkpoint.
     */
    static final String AGGREGATED_SALES_BY_DAY = """
            SELECT sale_date, product_id, sum(quantity) AS quantity
              FROM sales_log
             WHERE sale_date BETWEEN ? AND ? AND tx_id < CAST(? AS xid8)
             GROUP BY sale_date, product_id""";

    static final RowMapper<DailySale> DAILY_SALE = (rs, row) -> new DailySale(
            rs.getObject("sale_date", LocalDate.class), rs.getLong("product_id"), rs.getLong("quantity"));

    private final JdbcClient jdbc;

    public SalesLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends the order's lines unless the order is in the log already, in one statement (one round trip
     * per completed order). Two deliveries of one order under different event ids racing each other meet
     * on the (order, product) key: the second waits for the first and then inserts nothing.
     *
     * @return whether the order was appended; false when it was there already
     */
    public boolean appendUnlessLogged(OrderSale sale, UUID eventId) {
        List<OrderSale.Line> lines = sale.lines();
        return jdbc.sql("""
                        INSERT INTO sales_log (order_id, product_id, product_name, quantity, sale_date, completed_at, event_id)
                        SELECT ?, line.product_id, line.product_name, line.quantity, ?, ?, ?
                          FROM unnest(?::bigint[], ?::text[], ?::integer[]) AS line (product_id, product_name, quantity)
                         WHERE NOT EXISTS (SELECT 1 FROM sales_log WHERE order_id = ?)
                        ON CONFLICT (order_id, product_id) DO NOTHING""")
                .param(sale.orderId())
                .param(sale.day())
                .param(OffsetDateTime.ofInstant(sale.completedAt(), ZoneOffset.UTC))
                .param(eventId)
                .param(lines.stream().map(OrderSale.Line::productId).toArray(Long[]::new))
                .param(lines.stream().map(OrderSale.Line::productName).toArray(String[]::new))
                .param(lines.stream().map(OrderSale.Line::quantity).toArray(Integer[]::new))
                .param(sale.orderId())
                .update() > 0;
    }

    /** Each product's name as its most recent sale gave it; products never sold with a name are absent. */
    public Map<Long, String> latestNames(Collection<Long> productIds) {
        if (productIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        SELECT DISTINCT ON (product_id) product_id, product_name
                          FROM sales_log
                         WHERE product_id = ANY (?) AND product_name IS NOT NULL
                         ORDER BY product_id, completed_at DESC, id DESC""")
                .param(productIds.toArray(Long[]::new))
                .query((rs, row) -> Map.entry(rs.getLong("product_id"), rs.getString("product_name")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Recounts from the log what the daily sales of {@code days} must be at {@code aggregatedBelow}. */
    public List<DailySale> aggregatedSales(DayRange days, long aggregatedBelow) {
        return jdbc.sql(AGGREGATED_SALES_BY_DAY + " ORDER BY sale_date, product_id")
                .param(days.from()).param(days.to()).param(Xid8.of(aggregatedBelow))
                .query(DAILY_SALE).list();
    }

    /** Rows written since the checkpoint: the next aggregation's work. */
    public long notYetAggregated(long aggregatedBelow) {
        return jdbc.sql("SELECT count(*) FROM sales_log WHERE tx_id >= CAST(? AS xid8)")
                .param(Xid8.of(aggregatedBelow)).query(Long.class).single();
    }
}
