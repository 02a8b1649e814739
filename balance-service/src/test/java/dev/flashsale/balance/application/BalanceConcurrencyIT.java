package dev.flashsale.balance.application;

import dev.flashsale.balance.BalanceIntegrationTest;
import dev.flashsale.balance.Fixtures;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.testkit.Concurrently;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promises on the hot balance row, with real parallel requests on the real database, then the
 * invariants checked in the database.
 */
@BalanceIntegrationTest
class BalanceConcurrencyIT {

    private static final int CLIENTS = 32;

    @Autowired
    RestTestClient http;
    @Autowired
    UserService users;
    @Autowired
    BalanceService balances;
    @Autowired
    PaymentService payments;
    @Autowired
    BalanceProperties properties;
    @Autowired
    JdbcClient jdbc;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(users, jdbc);
    }

    @Test
    void sumsExactlyAThousandConcurrentChargesOfOneUser() {
        long userId = fixtures.newUser();

        List<Integer> statuses = Concurrently.run(1_000, CLIENTS, i -> Fixtures.chargeStatus(http, userId, i + 1));

        assertThat(statuses).hasSize(1_000).containsOnly(200);
        assertThat(fixtures.storedBalance(userId)).contains(LongStream.rangeClosed(1, 1_000).sum());
        assertThat(fixtures.ledgerEntries(userId)).isEqualTo(1_000);
        fixtures.assertLedgerReconciles(userId);
        assertThat(balances.audit().consistent()).isTrue();
    }

    @Test
    void concurrentChargesNearTheMaximumNeverPassIt() {
        long max = properties.maxBalance();
        long userId = fixtures.newUser();
        balances.charge(userId, max - 100_000, null);

        List<Integer> statuses = Concurrently.run(200, CLIENTS, i -> Fixtures.chargeStatus(http, userId, 3_000));

        // 33 charges of 3,000 fit into the 100,000 left; the 34th would pass the maximum.
        assertThat(statuses.stream().filter(status -> status == 200).count()).isEqualTo(33);
        assertThat(statuses.stream().filter(status -> status == 409).count()).isEqualTo(167);
        assertThat(fixtures.storedBalance(userId)).contains(max - 1_000);
        fixtures.assertLedgerReconciles(userId);
    }

    @Test
    void twoHundredConcurrentOrdersAgainstABalanceForFiftyPayExactlyFifty() {
        long userId = fixtures.newUser();
        balances.charge(userId, 50 * 1_000, null);
        long firstOrder = Fixtures.nextOrderId();
        List<Long> orders = LongStream.range(0, 200).map(i -> i == 0 ? firstOrder : Fixtures.nextOrderId()).boxed().toList();

        Concurrently.run(200, CLIENTS, i -> {
            payments.deduct(new DeductBalance(orders.get(i), userId, 1_000));
            return null;
        });

        Map<String, Long> outcomes = paymentStatuses(orders);
        assertThat(outcomes).containsEntry("DEDUCTED", 50L).containsEntry("DECLINED", 150L);
        assertThat(jdbc.sql("SELECT count(*) FROM payment WHERE order_id IN (:orders) AND reason = 'INSUFFICIENT_BALANCE'")
                .param("orders", orders).query(Long.class).single()).isEqualTo(150);
        assertThat(fixtures.storedBalance(userId)).contains(0L);
        assertThat(jdbc.sql("SELECT min(balance_after) FROM ledger_entry WHERE user_id = ?").param(userId)
                .query(Long.class).single()).isZero();
        assertThat(repliesInOutbox(orders)).containsEntry("BalanceDeducted", 50L).containsEntry("BalanceDeductionFailed", 150L);
        fixtures.assertLedgerReconciles(userId);
        assertThat(balances.audit().consistent()).isTrue();
    }

    @Test
    void commandsForOneOrderRacingEachOtherDeductOnce() {
        long userId = fixtures.newUser();
        balances.charge(userId, 100_000, null);
        long orderId = Fixtures.nextOrderId();

        // The listener retries a command that lost the race on the order's key, as it would here.
        Concurrently.run(20, CLIENTS, i -> retried(() -> payments.deduct(new DeductBalance(orderId, userId, 1_000))));

        assertThat(fixtures.storedBalance(userId)).contains(99_000L);
        assertThat(repliesInOutbox(List.of(orderId))).isEqualTo(Map.of("BalanceDeducted", 20L));
        assertThat(jdbc.sql("SELECT count(DISTINCT payload->>'paymentRef') FROM messaging.outbox WHERE aggregate_id = ?")
                .param(Long.toString(orderId)).query(Long.class).single()).isEqualTo(1);
        fixtures.assertLedgerReconciles(userId);
    }

    @Test
    void refundsForOneOrderRacingEachOtherGiveTheMoneyBackOnce() {
        long userId = fixtures.newUser();
        balances.charge(userId, 100_000, null);
        long orderId = Fixtures.nextOrderId();
        payments.deduct(new DeductBalance(orderId, userId, 40_000));

        Concurrently.run(20, CLIENTS, i -> retried(() -> payments.refund(new RefundBalance(orderId, userId))));

        assertThat(fixtures.storedBalance(userId)).contains(100_000L);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE order_id = ? AND type = 'REFUND'")
                .param(orderId).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM messaging.outbox WHERE aggregate_id = ? AND type = 'BalanceRefunded' AND (payload->>'amount')::bigint = 40000")
                .param(Long.toString(orderId)).query(Long.class).single()).isEqualTo(1);
        fixtures.assertLedgerReconciles(userId);
    }

    @Test
    void chargesPaymentsAndRefundsOfOneUserAtOnceKeepTheLedgerReconciled() {
        long userId = fixtures.newUser();
        balances.charge(userId, 20_000, null);
        List<Long> orders = LongStream.range(0, 60).map(i -> Fixtures.nextOrderId()).boxed().toList();

        Concurrently.run(180, CLIENTS, i -> {
            switch (i % 3) {
                case 0 -> Fixtures.chargeStatus(http, userId, 700);
                case 1 -> retried(() -> payments.deduct(new DeductBalance(orders.get(i / 3), userId, 1_500)));
                default -> retried(() -> payments.refund(new RefundBalance(orders.get(i / 3), userId)));
            }
            return null;
        });

        long held = jdbc.sql("SELECT coalesce(sum(amount), 0) FROM payment WHERE order_id IN (:orders) AND status = 'DEDUCTED'")
                .param("orders", orders).query(Long.class).single();
        assertThat(fixtures.storedBalance(userId).orElseThrow() + held).isEqualTo(20_000 + 60 * 700);
        fixtures.assertLedgerReconciles(userId);
        assertThat(balances.audit().consistent()).isTrue();
    }


    /** What the listener's error handler does: a command that lost a race is tried again. */
    private static Void retried(Runnable command) {
        for (int attempt = 1; ; attempt++) {
            try {
                command.run();
                return null;
            } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }

    private Map<String, Long> paymentStatuses(List<Long> orders) {
        return jdbc.sql("SELECT status FROM payment WHERE order_id IN (:orders)").param("orders", orders)
                .query(String.class).list().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private Map<String, Long> repliesInOutbox(List<Long> orders) {
        return jdbc.sql("SELECT type FROM messaging.outbox WHERE aggregate_id IN (:orders)")
                .param("orders", orders.stream().map(String::valueOf).toList())
                .query(String.class).list().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
