package dev.flashsale.coupon;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.Map;

/** What the issuance tests check directly in coupon-service's tables. */
public final class CouponRows {

    private CouponRows() {
    }

    /** Every holder of the coupon: user id to user coupon id. */
    public static Map<Long, Long> holders(JdbcTemplate jdbc, long couponId) {
        Map<Long, Long> holders = new HashMap<>();
        jdbc.query("SELECT user_id, id FROM user_coupon WHERE coupon_id = ?",
                row -> {
                    holders.put(row.getLong("user_id"), row.getLong("id"));
                }, couponId);
        return holders;
    }

    /** The coupon's own count of issued coupons. */
    public static long issuedCounter(JdbcTemplate jdbc, long couponId) {
        return jdbc.queryForObject("SELECT issued_quantity FROM coupon WHERE id = ?", Long.class, couponId);
    }
}
