package dev.flashsale.product;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.messaging.MessageCodec;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

/** What the database holds, read with plain SQL: the tests check the rows, not what the code says it did. */
public final class StockRows {

    private static final Map<String, Class<? extends SagaMessage>> REPLIES = Map.of(
            "StockReserved", StockReserved.class,
            "StockReservationFailed", StockReservationFailed.class,
            "StockReleased", StockReleased.class);

    private final JdbcTemplate jdbc;
    private final MessageCodec codec = new MessageCodec();

    public StockRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Counters counters(long variantId) {
        return jdbc.queryForObject("SELECT orderable, reserved, sold FROM variant WHERE id = ?",
                (row, n) -> new Counters(row.getInt(1), row.getInt(2), row.getInt(3)), variantId);
    }

    public String status(long orderId) {
        List<String> statuses = jdbc.queryForList("SELECT status FROM stock_reservation WHERE order_id = ?",
                String.class, orderId);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    /**
     * The replies the service appended to its outbox for {@code orderId}, in the order their transactions wrote
     * them (each command is its own transaction, and PostgreSQL hands out transaction ids in order).
     */
    public List<SagaMessage> replies(long orderId) {
        return jdbc.query("""
                        SELECT type, payload::text FROM messaging.outbox WHERE topic = ? AND aggregate_id = ?
                        ORDER BY xmin::text::bigint""",
                (row, n) -> decode(row.getString(1), row.getString(2)),
                Topics.ORDER_SAGA_REPLIES, Long.toString(orderId));
    }

    public SagaMessage decode(String type, String payload) {
        Class<? extends SagaMessage> replyType = REPLIES.get(type);
        if (replyType == null) {
            throw new AssertionError("not a stock reply: " + type);
        }
        return codec.payload(codec.decode(payload), replyType);
    }

    /** A variant's three counters. */
    public record Counters(int orderable, int reserved, int sold) {
    }
}
