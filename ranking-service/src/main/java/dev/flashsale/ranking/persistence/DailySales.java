package dev.flashsale.ranking.persistence;

import dev.flashsale.ranking.domain.DailySale;
import dev.flashsale.ranking.domain.DayRange;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;

/** The {@code daily_sales} table: units sold per product per day, as far as the checkpoint says. */
@Repository
public class DailySales {

    private final JdbcClient jdbc;

    public DailySales(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<DailySale> in(DayRange days) {
        return jdbc.sql("""
                        SELECT sale_date, product_id, quantity
                          FROM daily_sales
                         WHERE sale_date BETWEEN ? AND ?
                         ORDER BY sale_date, product_id""")
                .param(days.from()).param(days.to())
                .query(SalesLog.DAILY_SALE).list();
    }

    /**
     * Adds the sales-log rows written by transactions in [{@code fromTx}, {@code belowTx}) to their day's
     * row, one statement for the whole range: grouped by day and product, each group inserted or added to
     * the existing row.
     */
    public Added addSalesLoggedBetween(long fromTx, long belowTx) {
        return jdbc.sql("""
                        WITH pending AS (
                            SELECT sale_date, product_id, sum(quantity) AS quantity, count(*) AS lines
                              FROM sales_log
                             WHERE tx_id >= CAST(? AS xid8) AND tx_id < CAST(? AS xid8)
                             GROUP BY sale_date, product_id
                        ), upserted AS (
                            INSERT INTO daily_sales (sale_date, product_id, quantity)
                            SELECT sale_date, product_id, quantity FROM pending
                            ON CONFLICT (sale_date, product_id) DO UPDATE SET quantity = daily_sales.quantity + excluded.quantity
                            RETURNING 1
                        )
                        SELECT coalesce(sum(lines), 0) AS lines, (SELECT count(*) FROM upserted) AS daily_rows FROM pending""")
                .param(Xid8.of(fromTx)).param(Xid8.of(belowTx))
                .query((rs, row) -> new Added(rs.getLong("lines"), rs.getInt("daily_rows")))
                .single();
    }

    /**
     * Replaces the rows of {@code days} with a recount of the sales log up to the checkpoint. Rows past
     * the checkpoint stay out: the next aggregation adds them, as it would have without the rebuild.
     *
     * @return the number of daily rows written
     */
    public int rebuild(DayRange days, long aggregatedBelow) {
        jdbc.sql("DELETE FROM daily_sales WHERE sale_date BETWEEN ? AND ?")
                .param(days.from()).param(days.to()).update();
        return jdbc.sql("INSERT INTO daily_sales (sale_date, product_id, quantity) " + SalesLog.AGGREGATED_SALES_BY_DAY)
                .param(days.from()).param(days.to()).param(Xid8.of(aggregatedBelow))
                .update();
    }

    /** What one aggregation added: sales-log rows read and daily rows inserted or updated. */
    public record Added(long salesLines, int dailyRows) {
    }
}
