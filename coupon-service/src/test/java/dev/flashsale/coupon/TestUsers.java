package dev.flashsale.coupon;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Users for tests. Every test class shares one database, so each test takes fresh ids. A known user is
 * one this service has heard of: written straight into {@code known_user}, as the UserRegistered
 * listener would (that listener has a test of its own, through the broker).
 */
public final class TestUsers {

    private static final AtomicLong NEXT = new AtomicLong(1_000_000);

    private TestUsers() {
    }

    /** An id no test has used, and that this service has never heard of. */
    public static long unknownUser() {
        return NEXT.incrementAndGet();
    }

    public static long knownUser(JdbcTemplate jdbc) {
        return knownUsers(jdbc, 1).get(0);
    }

    public static List<Long> knownUsers(JdbcTemplate jdbc, int count) {
        long first = NEXT.getAndAdd(count) + 1;
        List<Long> ids = LongStream.range(first, first + count).boxed().toList();
        jdbc.update("INSERT INTO known_user (user_id) SELECT unnest(?::bigint[])",
                (Object) ids.stream().mapToLong(Long::longValue).toArray());
        return ids;
    }
}
