package dev.flashsale.product.persistence;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.product.domain.ReservationStatus;
import dev.flashsale.product.domain.ReservedItem;
import dev.flashsale.product.domain.StockReservation;
import dev.flashsale.product.domain.VariantStock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * The saga's stock step in plain SQL, a few statements per command: the order's reservation (looked up, or locked),
 * its variants locked in ascending id order with their product names in one statement, and the units moved between
 * a variant's counters with one statement for all of an order's lines.
 *
 * <p>Locks, always in this order: the order's reservation row, then its variants in ascending id order. PostgreSQL
 * locks the rows as the sorted result is produced, so two orders that share variants never deadlock.
 */
@Repository
public class ReservationStore {

    private static final String RESERVATION = """
            SELECT r.order_id, r.status, r.reject_reason, r.rejected_variant_id, r.reject_detail, r.created_at, r.updated_at,
                   l.variant_id, l.product_id, l.product_name, l.variant_name, l.quantity, l.unit_price
            FROM stock_reservation r LEFT JOIN stock_reservation_line l ON l.order_id = r.order_id
            WHERE r.order_id = ? ORDER BY l.variant_id""";
    private static final String LOCK = RESERVATION + " FOR UPDATE OF r";
    private static final String LOCK_VARIANTS = """
            SELECT v.id, v.product_id, p.name AS product_name, v.name, v.price, v.orderable
            FROM variant v JOIN product p ON p.id = v.product_id
            WHERE v.id = ANY (?) ORDER BY v.id FOR NO KEY UPDATE OF v""";
    private static final String INSERT = """
            INSERT INTO stock_reservation (order_id, status, reject_reason, rejected_variant_id, reject_detail,
                                           created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""";
    private static final String INSERT_LINE = """
            INSERT INTO stock_reservation_line (order_id, variant_id, product_id, product_name, variant_name, quantity,
                                                unit_price)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String SETTLE = "UPDATE stock_reservation SET status = ?, updated_at = ? WHERE order_id = ?";
    /** Moves units of every line at once: {@code %s} is the counter that gives and the one that takes. */
    private static final String MOVE = """
            UPDATE variant v SET %1$s = v.%1$s - m.quantity, %2$s = v.%2$s + m.quantity, version = v.version + 1
            FROM unnest(?::bigint[], ?::int[]) AS m (variant_id, quantity) WHERE v.id = m.variant_id""";

    private final JdbcTemplate jdbc;

    public ReservationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StockReservation> find(long orderId) {
        return Optional.ofNullable(jdbc.query(RESERVATION, ReservationStore::reservation, orderId));
    }

    /** The order's reservation, its row locked until the end of the transaction. */
    public Optional<StockReservation> lock(long orderId) {
        return Optional.ofNullable(jdbc.query(LOCK, ReservationStore::reservation, orderId));
    }

    /** The variants among {@code ids} that exist, locked in ascending id order, by id. */
    public Map<Long, VariantStock> lockVariants(Collection<Long> ids) {
        Map<Long, VariantStock> variants = new LinkedHashMap<>();
        jdbc.query(connection -> withArray(connection, LOCK_VARIANTS, ids), row -> {
            variants.put(row.getLong("id"), new VariantStock(row.getLong("id"), row.getLong("product_id"),
                    row.getString("product_name"), row.getString("name"), row.getLong("price"), row.getInt("orderable")));
        });
        return variants;
    }

    /**
     * Stores a new reservation with its lines, and moves its units from orderable to reserved when it holds stock.
     *
     * @return false when the order has a reservation already (nothing was written)
     */
    public boolean insert(StockReservation reservation) {
        String reason = reservation.rejectReason() == null ? null : reservation.rejectReason().name();
        int inserted = jdbc.update(INSERT, reservation.orderId(), reservation.status().name(), reason,
                reservation.rejectedVariantId(), reservation.rejectDetail(), Timestamp.from(reservation.createdAt()),
                Timestamp.from(reservation.updatedAt()));
        if (inserted == 0) {
            return false;
        }
        if (!reservation.items().isEmpty()) {
            jdbc.batchUpdate(INSERT_LINE, reservation.items().stream()
                    .map(item -> new Object[]{reservation.orderId(), item.variantId(), item.productId(),
                            item.productName(), item.variantName(), item.quantity(), item.unitPrice()})
                    .toList());
        }
        if (reservation.holdsStock()) {
            move("orderable", "reserved", reservation.items());
        }
        return true;
    }

    /** Writes a reservation that was sold or released, and moves its units out of reserved accordingly. */
    public void settle(StockReservation reservation) {
        jdbc.update(SETTLE, reservation.status().name(), Timestamp.from(reservation.updatedAt()), reservation.orderId());
        switch (reservation.status()) {
            case CONFIRMED -> move("reserved", "sold", reservation.items());
            case RELEASED -> move("reserved", "orderable", reservation.items());
            default -> throw new IllegalStateException("a reservation settles as sold or released, not "
                    + reservation.status());
        }
    }

    private void move(String from, String to, List<ReservedItem> items) {
        Long[] variants = items.stream().map(ReservedItem::variantId).toArray(Long[]::new);
        Integer[] quantities = items.stream().map(ReservedItem::quantity).toArray(Integer[]::new);
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(MOVE.formatted(from, to));
            statement.setArray(1, connection.createArrayOf("bigint", variants));
            statement.setArray(2, connection.createArrayOf("integer", quantities));
            return statement;
        });
    }

    private static PreparedStatement withArray(Connection connection, String sql, Collection<Long> ids)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
        return statement;
    }

    private static StockReservation reservation(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            return null;
        }
        long orderId = rows.getLong("order_id");
        ReservationStatus status = ReservationStatus.valueOf(rows.getString("status"));
        String reason = rows.getString("reject_reason");
        long rejectedVariant = rows.getLong("rejected_variant_id");
        Long rejectedVariantId = rows.wasNull() ? null : rejectedVariant;
        String detail = rows.getString("reject_detail");
        Instant createdAt = rows.getTimestamp("created_at").toInstant();
        Instant updatedAt = rows.getTimestamp("updated_at").toInstant();
        List<ReservedItem> items = new ArrayList<>();
        do {
            long variantId = rows.getLong("variant_id");
            if (!rows.wasNull()) {
                items.add(new ReservedItem(variantId, rows.getLong("product_id"), rows.getString("product_name"),
                        rows.getString("variant_name"), rows.getInt("quantity"), rows.getLong("unit_price")));
            }
        } while (rows.next());
        return StockReservation.restore(orderId, status, items, reason == null ? null : ErrorCode.valueOf(reason),
                rejectedVariantId, detail, createdAt, updatedAt);
    }
}
