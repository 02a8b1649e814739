package dev.flashsale.coupon.persistence;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.domain.CouponUse;
import dev.flashsale.coupon.domain.UserCoupon;
import dev.flashsale.coupon.domain.UserCouponStatus;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL of the order saga's coupon step: one statement to read what a command needs, one to write what was
 * decided, each conditional so that a concurrent change is seen instead of overwritten. Every statement expects
 * the caller's transaction (the inbox row's and the reply's).
 */
@Repository
public class CouponUseStore {

    private static final String READ = """
            SELECT cu.outcome, cu.user_coupon_id AS decided_coupon_id, cu.discount_amount, cu.reason, cu.detail,
                   cu.decided_at, cu.restored_at,
                   uc.id, uc.coupon_id, uc.user_id, uc.status, uc.issued_at, uc.expires_at, uc.used_at, uc.used_order_id
            FROM (SELECT ?::bigint AS order_id, ?::bigint AS user_coupon_id) command
            LEFT JOIN coupon_use cu ON cu.order_id = command.order_id
            LEFT JOIN user_coupon uc ON uc.id = command.user_coupon_id""";
    // The coupon is taken only if it is still UNUSED, and the decision is recorded only if the order has none yet:
    // both counts come back, so the caller tells "someone used it first" from "this order was decided meanwhile".
    private static final String APPLY = """
            WITH used AS (
                UPDATE user_coupon SET status = 'USED', used_at = ?, used_order_id = ?
                WHERE id = ? AND status = 'UNUSED'
                RETURNING id),
            decided AS (
                INSERT INTO coupon_use (order_id, user_coupon_id, outcome, discount_amount, decided_at, version)
                SELECT ?, used.id, 'APPLIED', ?, ?, 0 FROM used
                ON CONFLICT (order_id) DO NOTHING
                RETURNING order_id)
            SELECT (SELECT count(*) FROM used) AS used, (SELECT count(*) FROM decided) AS decided""";
    private static final String RECORD = """
            INSERT INTO coupon_use (order_id, user_coupon_id, outcome, reason, detail, decided_at, version)
            VALUES (?, ?, ?, ?, ?, ?, 0)
            ON CONFLICT (order_id) DO NOTHING""";
    // A compensation for an order with no step yet: a VOIDED row closes it (a late UseCoupon is then refused).
    private static final String VOID = """
            INSERT INTO coupon_use (order_id, user_coupon_id, outcome, decided_at, version)
            VALUES (?, ?, 'VOIDED', ?, 0)
            ON CONFLICT (order_id) DO NOTHING""";
    // A compensation for an order with a step: if applied and not yet restored, marked restored, and the coupon given
    // back if, and only if, this order is the one using it. Anything else: nothing changes. A statement of its own,
    // after VOID: in VOID's statement the step a concurrent UseCoupon just committed would not be seen.
    private static final String RESTORE = """
            WITH restored AS (
                UPDATE coupon_use SET restored_at = ?, version = version + 1
                WHERE order_id = ? AND outcome = 'APPLIED' AND restored_at IS NULL
                RETURNING user_coupon_id)
            UPDATE user_coupon uc SET status = 'UNUSED', used_at = NULL, used_order_id = NULL
            FROM restored
            WHERE uc.id = restored.user_coupon_id AND uc.status = 'USED' AND uc.used_order_id = ?""";

    private final JdbcTemplate jdbc;

    public CouponUseStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What a UseCoupon needs: the order's step if it was decided, and the user coupon as it is now. */
    public record Step(Optional<CouponUse> decided, Optional<UserCoupon> coupon) {
    }

    public Step read(long orderId, long userCouponId) {
        return jdbc.queryForObject(READ, (row, n) -> new Step(
                Optional.ofNullable(row.getString("outcome")).map(outcome -> decided(orderId, outcome, row)),
                row.getObject("id") == null ? Optional.empty() : Optional.of(coupon(row))), orderId, userCouponId);
    }

    /** How {@link #apply} went. */
    public enum Applied {
        /** The coupon is now USED by the order, and the decision recorded. */
        APPLIED,
        /** The coupon was not UNUSED any more: read it again and decide again. Nothing was written. */
        COUPON_CHANGED
    }

    /**
     * Marks {@code coupon} (as {@link UserCoupon#use} left it) USED by the order and records {@code decision}.
     *
     * @throws ConcurrencyFailureException when the order's step was decided meanwhile by someone else: the caller's
     *                                     transaction must roll back (the command, retried, then finds that decision)
     */
    public Applied apply(CouponUse decision, UserCoupon coupon) {
        return jdbc.queryForObject(APPLY, (row, n) -> {
            if (row.getLong("used") == 0) {
                return Applied.COUPON_CHANGED;
            }
            if (row.getLong("decided") == 0) {
                throw new ConcurrencyFailureException("the coupon step of order " + decision.orderId() + " was decided concurrently");
            }
            return Applied.APPLIED;
        }, Timestamp.from(coupon.usedAt()), decision.orderId(), coupon.id(), decision.orderId(), decision.discount().won(),
                Timestamp.from(decision.decidedAt()));
    }

    /**
     * Records a rejection.
     *
     * @return false when the order's step was decided meanwhile (nothing was written)
     */
    public boolean record(CouponUse rejection) {
        return jdbc.update(RECORD, rejection.orderId(), rejection.userCouponId(), rejection.outcome().name(),
                rejection.reason().name(), rejection.detail(), Timestamp.from(rejection.decidedAt())) == 1;
    }

    /**
     * Compensates the order's coupon step: closes it if it was never decided, gives the coupon back if this order
     * used it, and changes nothing otherwise.
     */
    public void restore(long orderId, long userCouponId, Instant now) {
        Timestamp at = Timestamp.from(now);
        // An insert that meets a step another transaction is writing waits for it: after a conflict the step exists.
        if (jdbc.update(VOID, orderId, userCouponId, at) == 0) {
            jdbc.update(RESTORE, at, orderId, orderId);
        }
    }

    private static CouponUse decided(long orderId, String outcome, ResultSet row) {
        try {
            String reason = row.getString("reason");
            return CouponUse.stored(orderId, row.getLong("decided_coupon_id"), CouponUse.Outcome.valueOf(outcome),
                    row.getObject("discount_amount", Long.class), reason == null ? null : ErrorCode.valueOf(reason),
                    row.getString("detail"), instant(row, "decided_at"), instant(row, "restored_at"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UserCoupon coupon(ResultSet row) throws SQLException {
        return UserCoupon.stored(row.getLong("id"), row.getLong("coupon_id"), row.getLong("user_id"),
                UserCouponStatus.valueOf(row.getString("status")), instant(row, "issued_at"), instant(row, "expires_at"),
                instant(row, "used_at"), row.getObject("used_order_id", Long.class));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
