package dev.flashsale.order.persistence;

import dev.flashsale.order.domain.Payment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.Optional;

/** Payments, one per order: the unique key on {@code order_id} is the last word, whatever the saga believed. */
@Repository
public class PaymentStore {

    private final JdbcTemplate jdbc;

    public PaymentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Payment payment) {
        jdbc.update("INSERT INTO payment (order_id, user_id, amount, payment_ref, paid_at) VALUES (?, ?, ?, ?, ?)",
                payment.orderId(), payment.userId(), payment.amount(), payment.paymentRef(),
                Timestamp.from(payment.paidAt()));
    }

    public Optional<Payment> ofOrder(long orderId) {
        return jdbc.query("SELECT order_id, user_id, amount, payment_ref, paid_at FROM payment WHERE order_id = ?",
                (row, n) -> new Payment(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4),
                        row.getTimestamp(5).toInstant()), orderId).stream().findFirst();
    }
}
