package dev.flashsale.order.support;

import org.springframework.jdbc.core.JdbcTemplate;

/** What the tests check directly in order-service's tables. */
public final class OrderRows {

    private final JdbcTemplate jdbc;

    public OrderRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String sagaState(long orderId) {
        return jdbc.queryForObject("SELECT state FROM order_saga WHERE order_id = ?", String.class, orderId);
    }

    public long payments(long orderId) {
        return jdbc.queryForObject("SELECT count(*) FROM payment WHERE order_id = ?", Long.class, orderId);
    }
}
