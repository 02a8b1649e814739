package dev.flashsale.ranking;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the ranking's tables directly, to check what the service wrote. */
class RankingTables {

    private final JdbcClient jdbc;

    RankingTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Units of {@code productId} in the daily sales of {@code day}; 0 when it has no row. */
    long dailyQuantity(LocalDate day, long productId) {
        return jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM daily_sales WHERE sale_date = ? AND product_id = ?")
                .param(day).param(productId).query(Long.class).single();
    }

    /** Every daily row from {@code from} to {@code to}, as "day/product" to quantity. */
    Map<String, Long> dailyRows(LocalDate from, LocalDate to) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT sale_date, product_id, quantity FROM daily_sales WHERE sale_date BETWEEN ? AND ?")
                .param(from).param(to).query().listOfRows();
        return rows.stream().collect(Collectors.toMap(
                row -> row.get("sale_date") + "/" + row.get("product_id"), row -> ((Number) row.get("quantity")).longValue()));
    }

    void execute(String sql) {
        jdbc.sql(sql).update();
    }
}
