package dev.flashsale.balance.persistence;

import dev.flashsale.balance.domain.AuditReport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/**
 * The balance row is the hot row of this service: a flash sale pays hundreds of orders of one user
 * or charges one account from many tabs at once. Every change is therefore one conditional statement
 * that checks and changes in one step, under the row lock PostgreSQL takes for the update and holds
 * only until the transaction commits. Nothing here reads a balance to decide and then writes it back.
 * Every method joins the caller's transaction.
 */
@Repository
public class BalanceRepository {

    /*
     * Creates the row for a user who has none, or adds to it, unless that would pass the maximum.
     * The users join makes an unknown user insert nothing; "balance <= max - amount" cannot overflow
     * where "balance + amount <= max" could for an absurd amount.
     */
    private static final String CHARGE = """
            INSERT INTO balance (user_id, amount)
            SELECT id, :amount FROM users WHERE id = :userId AND :amount <= :max
            ON CONFLICT (user_id) DO UPDATE SET amount = balance.amount + EXCLUDED.amount
                WHERE balance.amount <= :max - EXCLUDED.amount
            RETURNING balance.amount""";
    private static final String DEBIT = """
            UPDATE balance SET amount = amount - :amount
            WHERE user_id = :userId AND amount >= :amount
            RETURNING amount""";
    private static final String CREDIT = "UPDATE balance SET amount = amount + :amount WHERE user_id = :userId RETURNING amount";
    private static final String FIND = "SELECT amount FROM balance WHERE user_id = :userId";
    private static final String OPEN = """
            INSERT INTO balance (user_id, amount) SELECT id, 0 FROM users WHERE id = :userId
            ON CONFLICT (user_id) DO NOTHING""";

    // One statement, so every figure comes from the same snapshot. The signs repeat EntryType.sign().
    private static final String AUDIT = """
            WITH signed AS (
                SELECT user_id, id, type, amount, balance_after,
                       CASE type WHEN 'PAYMENT' THEN -amount ELSE amount END AS delta
                FROM ledger_entry),
            ledger_totals AS (
                SELECT coalesce(sum(amount) FILTER (WHERE type = 'CHARGE'), 0)  AS charged,
                       coalesce(sum(amount) FILTER (WHERE type = 'PAYMENT'), 0) AS paid,
                       coalesce(sum(amount) FILTER (WHERE type = 'REFUND'), 0)  AS refunded
                FROM signed),
            per_user AS (
                SELECT user_id, sum(delta) AS total FROM signed GROUP BY user_id),
            chain AS (
                SELECT balance_after,
                       coalesce(lag(balance_after) OVER (PARTITION BY user_id ORDER BY id), 0) + delta AS expected
                FROM signed)
            SELECT (SELECT count(*) FROM users)                                   AS users,
                   (SELECT coalesce(sum(amount), 0) FROM balance)                 AS total_balance,
                   l.charged, l.paid, l.refunded,
                   (SELECT count(*) FROM payment WHERE status = 'DEDUCTED')       AS deducted_orders,
                   (SELECT coalesce(sum(amount), 0) FROM payment WHERE status = 'DEDUCTED') AS deducted_amount,
                   (SELECT count(*) FROM balance WHERE amount < 0)                AS negative_balances,
                   (SELECT count(*) FROM balance WHERE amount > :max)             AS over_max,
                   (SELECT count(*) FROM users u
                        LEFT JOIN balance b ON b.user_id = u.id
                        LEFT JOIN per_user p ON p.user_id = u.id
                    WHERE coalesce(b.amount, 0) <> coalesce(p.total, 0))          AS ledger_mismatches,
                   (SELECT count(*) FROM chain WHERE balance_after <> expected)   AS ledger_breaks
            FROM ledger_totals l""";

    private final JdbcClient jdbc;

    public BalanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a charge; the balance after it, or empty when the user does not exist or it would pass {@code max}. */
    public Optional<Long> charge(long userId, long amount, long max) {
        return jdbc.sql(CHARGE).param("userId", userId).param("amount", amount).param("max", max)
                .query(Long.class).optional();
    }

    /** Takes {@code amount} if the balance covers it; the balance after, or empty when it does not (or there is no row). */
    public Optional<Long> debit(long userId, long amount) {
        return jdbc.sql(DEBIT).param("userId", userId).param("amount", amount).query(Long.class).optional();
    }

    /** Gives {@code amount} back, whatever the maximum; the balance after, or empty when the user has no balance. */
    public Optional<Long> credit(long userId, long amount) {
        return jdbc.sql(CREDIT).param("userId", userId).param("amount", amount).query(Long.class).optional();
    }

    public Optional<Long> find(long userId) {
        return jdbc.sql(FIND).param("userId", userId).query(Long.class).optional();
    }

    /**
     * The user's balance, created at 0 for a user who has none yet (flow 2 of docs/flows.md); empty when the
     * user does not exist. The second read is a new statement, so it also sees a row a concurrent
     * charge created between the two.
     */
    public Optional<Long> findOrOpen(long userId) {
        Optional<Long> existing = find(userId);
        if (existing.isPresent()) {
            return existing;
        }
        jdbc.sql(OPEN).param("userId", userId).update();
        return find(userId);
    }

    public AuditReport audit(long max) {
        return jdbc.sql(AUDIT).param("max", max).query((row, n) -> AuditReport.of(
                row.getLong("users"), row.getLong("total_balance"), row.getLong("charged"), row.getLong("paid"),
                row.getLong("refunded"), row.getLong("deducted_orders"), row.getLong("deducted_amount"),
                row.getLong("negative_balances"), row.getLong("over_max"), row.getLong("ledger_mismatches"),
                row.getLong("ledger_breaks"))).single();
    }
}
