package dev.flashsale.balance;

import dev.flashsale.balance.application.UserService;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Test data every test makes for itself, and the checks of what the database holds. */
public final class Fixtures {

    private static final AtomicLong ORDER_IDS = new AtomicLong(1_000_000);

    private final UserService users;
    private final JdbcClient jdbc;

    public Fixtures(UserService users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    /** An order id no other test uses. */
    public static long nextOrderId() {
        return ORDER_IDS.incrementAndGet();
    }

    /** {@code POST /api/v1/users/{userId}/balance/charge} with {@code body}, and the key if there is one. */
    public static RestTestClient.ResponseSpec postCharge(RestTestClient http, long userId, String body, String idempotencyKey) {
        RestTestClient.RequestBodySpec request = http.post().uri("/api/v1/users/{id}/balance/charge", userId)
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).exchange();
    }

    /** Charges {@code amount} over HTTP; the response's status. */
    public static int chargeStatus(RestTestClient http, long userId, long amount) {
        return postCharge(http, userId, "{\"amount\": " + amount + "}", null).returnResult().getStatus().value();
    }

    /** A new user, with no balance row yet. */
    public long newUser() {
        return users.register("user-" + UUID.randomUUID().toString().substring(0, 8), null).userId();
    }

    /** The balance row as stored; empty when the user has none. */
    public Optional<Long> storedBalance(long userId) {
        return jdbc.sql("SELECT amount FROM balance WHERE user_id = ?").param(userId).query(Long.class).optional();
    }

    public long ledgerEntries(long userId) {
        return jdbc.sql("SELECT count(*) FROM ledger_entry WHERE user_id = ?").param(userId).query(Long.class).single();
    }

    /**
     * The user's ledger reconciles: its signed entries add up to the balance, and every entry's
     * balance after is the previous one plus or minus its amount, in the order they were written.
     */
    public void assertLedgerReconciles(long userId) {
        long balance = storedBalance(userId).orElse(0L);
        long sum = jdbc.sql("""
                        SELECT coalesce(sum(CASE type WHEN 'PAYMENT' THEN -amount ELSE amount END), 0)
                        FROM ledger_entry WHERE user_id = ?""")
                .param(userId).query(Long.class).single();
        long breaks = jdbc.sql("""
                        SELECT count(*) FROM (
                            SELECT balance_after, coalesce(lag(balance_after) OVER (ORDER BY id), 0)
                                   + CASE type WHEN 'PAYMENT' THEN -amount ELSE amount END AS expected
                            FROM ledger_entry WHERE user_id = ?) e
                        WHERE balance_after <> expected""")
                .param(userId).query(Long.class).single();
        assertThat(sum).as("ledger sum of user %d", userId).isEqualTo(balance);
        assertThat(breaks).as("ledger entries of user %d that do not follow from the one before", userId).isZero();
    }
}
