package dev.flashsale.coupon.persistence;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;

/** The user ids this service has heard of from balance-service. */
@Repository
public class KnownUserStore {

    private final JdbcTemplate jdbc;

    public KnownUserStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(long userId) {
        return !jdbc.queryForList("SELECT 1 FROM known_user WHERE user_id = ?", Integer.class, userId).isEmpty();
    }

    public void add(long userId) {
        jdbc.update("INSERT INTO known_user (user_id) VALUES (?) ON CONFLICT DO NOTHING", userId);
    }

    /** The {@code limit} users heard of last: the ones most likely to turn up in the next sale. */
    public List<Long> mostRecent(int limit) {
        return jdbc.queryForList("SELECT user_id FROM known_user ORDER BY known_at DESC LIMIT ?", Long.class, limit);
    }
}
