package dev.flashsale.order.persistence;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderItem;
import dev.flashsale.order.domain.OrderStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orders and their lines in plain SQL: one statement to load an order with its lines, one to insert an order (its
 * id from {@code orders_seq} in the same statement) and one batch for its lines. A saga move writes only what
 * changed.
 */
@Repository
public class OrderStore {

    private static final String COLUMNS = """
            o.id, o.user_id, o.status, o.user_coupon_id, o.total_amount, o.discount_amount, o.paid_amount,
            o.failure_reason, o.created_at, o.completed_at, o.cancelled_at,
            i.variant_id, i.quantity, i.product_id, i.product_name, i.variant_name, i.unit_price""";
    private static final String BY_ID = "SELECT " + COLUMNS
            + " FROM orders o LEFT JOIN order_item i ON i.order_id = o.id WHERE o.id = ? ORDER BY i.line_no";
    private static final String OF_USER = "SELECT " + COLUMNS + """
             FROM (SELECT * FROM orders WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?) o
            LEFT JOIN order_item i ON i.order_id = o.id ORDER BY o.id DESC, i.line_no""";
    private static final String INSERT = """
            INSERT INTO orders (id, user_id, status, user_coupon_id, discount_amount, paid_amount, created_at)
            VALUES (nextval('orders_seq'), ?, ?, ?, 0, 0, ?) RETURNING id""";
    private static final String INSERT_ITEM =
            "INSERT INTO order_item (order_id, line_no, variant_id, quantity) VALUES (?, ?, ?, ?)";
    private static final String UPDATE = """
            UPDATE orders SET status = ?, total_amount = ?, discount_amount = ?, paid_amount = ?, failure_reason = ?,
                              completed_at = ?, cancelled_at = ?
            WHERE id = ?""";
    private static final String PRICE_ITEM = """
            UPDATE order_item SET product_id = ?, product_name = ?, variant_name = ?, unit_price = ?
            WHERE order_id = ? AND variant_id = ?""";

    private final JdbcTemplate jdbc;

    public OrderStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a placed order and its lines, and gives it its id. */
    public Order insert(Order order) {
        Long id = jdbc.queryForObject(INSERT, Long.class, order.userId(), order.status().name(), order.userCouponId(),
                Timestamp.from(order.createdAt()));
        order.assignId(id);
        List<OrderItem> items = order.items();
        List<Object[]> lines = new ArrayList<>(items.size());
        for (int line = 0; line < items.size(); line++) {
            lines.add(new Object[]{id, line, items.get(line).variantId(), items.get(line).quantity()});
        }
        jdbc.batchUpdate(INSERT_ITEM, lines);
        return order;
    }

    public Optional<Order> find(long orderId) {
        List<Order> found = jdbc.query(BY_ID, OrderStore::orders, orderId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Writes what a saga move changed: the order's row, and its lines' prices when they were just priced. */
    public void update(Order order) {
        if (!order.isChanged()) {
            return;
        }
        jdbc.update(UPDATE, order.status().name(), order.totalAmountOrNull(), order.discountAmount(), order.paidAmount(),
                order.failureReason() == null ? null : order.failureReason().name(), timestamp(order.completedAt()),
                timestamp(order.cancelledAt()), order.id());
        if (order.isPricedNow()) {
            jdbc.batchUpdate(PRICE_ITEM, order.items().stream()
                    .map(item -> new Object[]{item.productId(), item.productName(), item.variantName(), item.unitPrice(),
                            order.id(), item.variantId()})
                    .toList());
        }
    }

    /** A page of the user's orders, newest first. */
    public List<Order> ofUser(long userId, int page, int size) {
        return jdbc.query(OF_USER, OrderStore::orders, userId, size, (long) page * size);
    }

    public long countOfUser(long userId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, userId);
        return count == null ? 0 : count;
    }

    /** Of {@code ids}, those no longer PENDING: one query for every client waiting on this instance. */
    public List<Long> finishedAmong(Collection<Long> ids) {
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT id FROM orders WHERE id = ANY (?) AND status <> 'PENDING'");
            Array array = connection.createArrayOf("bigint", ids.toArray());
            statement.setArray(1, array);
            return statement;
        }, (row, n) -> row.getLong(1));
    }

    private static List<Order> orders(ResultSet rows) throws SQLException {
        Map<Long, List<OrderItem>> items = new LinkedHashMap<>();
        Map<Long, Object[]> heads = new LinkedHashMap<>();
        while (rows.next()) {
            long id = rows.getLong("id");
            heads.computeIfAbsent(id, key -> head(rows));
            List<OrderItem> lines = items.computeIfAbsent(id, key -> new ArrayList<>());
            long variantId = rows.getLong("variant_id");
            if (!rows.wasNull()) {
                lines.add(OrderItem.restore(variantId, rows.getInt("quantity"), nullableLong(rows, "product_id"),
                        rows.getString("product_name"), rows.getString("variant_name"), nullableLong(rows, "unit_price")));
            }
        }
        List<Order> orders = new ArrayList<>(heads.size());
        heads.forEach((id, head) -> orders.add(Order.restore(id, (long) head[0], (OrderStatus) head[1], (Long) head[2],
                items.get(id), (Long) head[3], (long) head[4], (long) head[5], (ErrorCode) head[6], (Instant) head[7],
                (Instant) head[8], (Instant) head[9])));
        return orders;
    }

    private static Object[] head(ResultSet row) {
        try {
            String reason = row.getString("failure_reason");
            return new Object[]{row.getLong("user_id"), OrderStatus.valueOf(row.getString("status")),
                    nullableLong(row, "user_coupon_id"), nullableLong(row, "total_amount"), row.getLong("discount_amount"),
                    row.getLong("paid_amount"), reason == null ? null : ErrorCode.valueOf(reason),
                    instant(row, "created_at"), instant(row, "completed_at"), instant(row, "cancelled_at")};
        } catch (SQLException e) {
            throw new IllegalStateException("unreadable order row", e);
        }
    }

    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
