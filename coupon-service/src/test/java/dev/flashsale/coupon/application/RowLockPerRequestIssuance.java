package dev.flashsale.coupon.application;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The baseline the benchmark compares {@link CouponIssuance} with: the textbook way, one transaction per
 * request that takes the coupon row's lock with a conditional update and holds it through its commit.
 * Correct, and bounded by one commit (one fsync) per issued coupon on the hot row.
 */
final class RowLockPerRequestIssuance {

    enum Outcome { ISSUED, SOLD_OUT, ALREADY_ISSUED }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RowLockPerRequestIssuance(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    Outcome issue(long couponId, long userId, int validDays) {
        return transactions.execute(status -> {
            if (jdbc.update("UPDATE coupon SET issued_quantity = issued_quantity + 1 WHERE id = ? AND issued_quantity < total_quantity",
                    couponId) == 0) {
                return Outcome.SOLD_OUT;
            }
            Instant now = clock.instant();
            int inserted = jdbc.update("""
                            INSERT INTO user_coupon (coupon_id, user_id, status, issued_at, expires_at)
                            VALUES (?, ?, 'UNUSED', ?, ?) ON CONFLICT (coupon_id, user_id) DO NOTHING""",
                    couponId, userId, Timestamp.from(now), Timestamp.from(now.plus(Duration.ofDays(validDays))));
            if (inserted == 0) {
                status.setRollbackOnly();
                return Outcome.ALREADY_ISSUED;
            }
            return Outcome.ISSUED;
        });
    }
}
