package dev.flashsale.coupon.persistence;

import dev.flashsale.coupon.domain.IssuanceAudit;
import dev.flashsale.coupon.domain.IssuedCoupon;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of an issuance batch. The writing statements expect the caller's transaction, started with
 * {@link #lockRemaining}: every writer of a coupon's user coupons holds its row lock, so whatever a batch reads
 * about that coupon stays true until it commits. The reads ({@link #holdersAmong}, {@link #allHolders},
 * {@link #audit}) also serve without that lock, for a coupon known to be sold out.
 */
@Repository
public class IssuanceStore {

    private static final String LOCK_REMAINING =
            "SELECT total_quantity - issued_quantity FROM coupon WHERE id = ? FOR NO KEY UPDATE";
    private static final String HOLDERS = """
            SELECT id, user_id, issued_at, expires_at FROM user_coupon
            WHERE coupon_id = ? AND user_id = ANY(?)""";
    // ORDER BY keeps ids in arrival order. ON CONFLICT is the unique key's last word: a duplicate is
    // skipped, never an error that would roll the whole batch back.
    private static final String INSERT = """
            INSERT INTO user_coupon (coupon_id, user_id, status, issued_at, expires_at)
            SELECT ?, winner.user_id, 'UNUSED', ?, ?
            FROM unnest(?::bigint[]) WITH ORDINALITY AS winner (user_id, arrival)
            ORDER BY winner.arrival
            ON CONFLICT (coupon_id, user_id) DO NOTHING
            RETURNING id, user_id, issued_at, expires_at""";
    private static final String COUNT_ISSUED = "UPDATE coupon SET issued_quantity = issued_quantity + ? WHERE id = ?";
    private static final String ALL_HOLDERS = "SELECT user_id FROM user_coupon WHERE coupon_id = ?";
    private static final String BOUND_STATEMENTS = "SELECT set_config('statement_timeout', ?, true)";
    private static final String AUDIT = """
            SELECT c.total_quantity, c.issued_quantity, count(uc.id) AS issued_rows,
                   count(DISTINCT uc.user_id) AS distinct_users,
                   count(uc.id) FILTER (WHERE uc.status = 'USED') AS used
            FROM coupon c LEFT JOIN user_coupon uc ON uc.coupon_id = c.id
            WHERE c.id = ? GROUP BY c.id""";

    private final JdbcTemplate jdbc;

    public IssuanceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Ends every further statement of the caller's transaction that runs longer than {@code limit} (a lock wait
     * included), so a batch gives up within its time instead of holding its writer.
     */
    public void boundStatements(Duration limit) {
        jdbc.queryForObject(BOUND_STATEMENTS, String.class, Math.max(1, limit.toMillis()) + "ms");
    }

    /**
     * Locks the coupon's row until the transaction ends and returns how many are left.
     *
     * @throws IllegalStateException when the coupon does not exist
     */
    public long lockRemaining(long couponId) {
        List<Long> remaining = jdbc.queryForList(LOCK_REMAINING, Long.class, couponId);
        if (remaining.isEmpty()) {
            throw new IllegalStateException("coupon " + couponId + " does not exist");
        }
        return remaining.get(0);
    }

    /** The coupons of {@code couponId} that {@code userIds} already hold, by user id. */
    public Map<Long, IssuedCoupon> holdersAmong(long couponId, Collection<Long> userIds) {
        Map<Long, IssuedCoupon> holders = new HashMap<>();
        jdbc.query(HOLDERS, row -> {
            IssuedCoupon coupon = issued(couponId, row);
            holders.put(coupon.userId(), coupon);
        }, couponId, toArray(userIds));
        return holders;
    }

    /** Every user who holds {@code couponId}. */
    public List<Long> allHolders(long couponId) {
        return jdbc.queryForList(ALL_HOLDERS, Long.class, couponId);
    }

    /**
     * Issues {@code couponId} to each of {@code userIds} who does not hold it yet.
     *
     * @return the coupons this statement created, by user id
     */
    public Map<Long, IssuedCoupon> insert(long couponId, List<Long> userIds, Instant issuedAt, Instant expiresAt) {
        Map<Long, IssuedCoupon> created = new HashMap<>();
        if (userIds.isEmpty()) {
            return created;
        }
        jdbc.query(INSERT, row -> {
            IssuedCoupon coupon = issued(couponId, row);
            created.put(coupon.userId(), coupon);
        }, couponId, Timestamp.from(issuedAt), Timestamp.from(expiresAt), toArray(userIds));
        return created;
    }

    /** Adds {@code count} to the coupon's issued counter; its check constraint refuses to pass the total. */
    public void countIssued(long couponId, int count) {
        if (count > 0) {
            jdbc.update(COUNT_ISSUED, count, couponId);
        }
    }

    public Optional<IssuanceAudit> audit(long couponId) {
        return jdbc.query(AUDIT, (row, n) -> new IssuanceAudit(couponId, row.getLong("total_quantity"),
                row.getLong("issued_quantity"), row.getLong("issued_rows"), row.getLong("distinct_users"),
                row.getLong("used")), couponId).stream().findFirst();
    }

    private static IssuedCoupon issued(long couponId, ResultSet row) throws SQLException {
        return new IssuedCoupon(row.getLong("id"), couponId, row.getLong("user_id"),
                row.getTimestamp("issued_at").toInstant(), row.getTimestamp("expires_at").toInstant());
    }

    private static long[] toArray(Collection<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
