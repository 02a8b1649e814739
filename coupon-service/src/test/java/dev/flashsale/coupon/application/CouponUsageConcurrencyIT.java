package dev.flashsale.coupon.application;

import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's coupon step when commands race, straight against the application service (each call its own
 * transaction, as each consumed record is): the conditional statements decide, never a lost update.
 */
@CouponIntegrationTest
class CouponUsageConcurrencyIT {

    @Autowired
    CouponUsage usage;
    @Autowired
    CouponIssuance issuance;
    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;

    @Test
    void letsExactlyOneOfManyOrdersRacingForOneCouponUseIt() {
        long user = knownUser(jdbc);
        long userCoupon = issuance.issue(aCoupon(clock).create(http), user).join().userCouponId();
        List<Long> orders = LongStream.range(0, 8).map(i -> newOrderId()).boxed().toList();

        Concurrently.run(orders.size(), orders.size(), i -> {
            useAsTheListenerDoes(new UseCoupon(orders.get(i), userCoupon, user, 20_000));
            return null;
        });

        List<Map<String, Object>> steps = jdbc.queryForList(
                "SELECT order_id, outcome FROM coupon_use WHERE user_coupon_id = ?", userCoupon);
        assertThat(steps).hasSize(orders.size());
        List<Object> applied = steps.stream().filter(step -> step.get("outcome").equals("APPLIED"))
                .map(step -> step.get("order_id")).toList();
        assertThat(applied).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT used_order_id FROM user_coupon WHERE id = ?", Long.class, userCoupon))
                .isEqualTo(applied.get(0));
        assertThat(replies(orders)).isEqualTo(orders.size());
    }

    @Test
    void neverLeavesACouponUsedByAnOrderWhoseStepWasCompensatedWhenItsUseAndRestoreRace() {
        long user = knownUser(jdbc);
        for (int round = 0; round < 20; round++) {
            long userCoupon = issuance.issue(aCoupon(clock).create(http), user).join().userCouponId();
            long order = newOrderId();

            Concurrently.run(2, 2, i -> {
                if (i == 0) {
                    useAsTheListenerDoes(new UseCoupon(order, userCoupon, user, 20_000));
                } else {
                    usage.restore(new RestoreCoupon(order, userCoupon));
                }
                return null;
            });

            Map<String, Object> step = jdbc.queryForMap("SELECT outcome, restored_at FROM coupon_use WHERE order_id = ?", order);
            Map<String, Object> coupon = jdbc.queryForMap("SELECT status, used_order_id FROM user_coupon WHERE id = ?", userCoupon);
            boolean compensated = step.get("outcome").equals("VOIDED") || step.get("restored_at") != null;
            assertThat(compensated).as("round %d: the restore compensated the step %s", round, step).isTrue();
            assertThat(coupon).as("round %d", round).containsEntry("status", "UNUSED").containsEntry("used_order_id", null);
        }
    }

    /** A command whose transaction failed (the step was decided concurrently) is delivered again, as the listener does. */
    private void useAsTheListenerDoes(UseCoupon command) {
        try {
            usage.use(command);
        } catch (ConcurrencyFailureException decidedConcurrently) {
            usage.use(command);
        }
    }

    private int replies(List<Long> orders) {
        return jdbc.queryForObject("SELECT count(*) FROM messaging.outbox WHERE aggregate_id = ANY(?)", Integer.class,
                (Object) orders.stream().map(String::valueOf).toArray(String[]::new));
    }

    private static long newOrderId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 40);
    }
}
