package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.IssueClient.Answer;
import dev.flashsale.coupon.IssueClient;
import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.coupon.persistence.IssuanceStore;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static dev.flashsale.coupon.TestUsers.knownUsers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The promises of a flash sale, with real concurrent requests against the real database, checked in the
 * database afterwards: never more than the total, never two to one user, and a definite answer for every
 * request, also across two instances and when a batch's transaction dies.
 */
@CouponIntegrationTest
class IssuanceConcurrencyIT {

    private static final String ISSUED = "ISSUED";

    @LocalServerPort
    int port;
    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    MutableClock clock;
    @Autowired
    CouponIssuance issuance;
    @Autowired
    CouponCatalog catalog;
    @Autowired
    KnownUsers knownUsers;
    @Autowired
    IssuanceStore store;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    CouponProperties properties;

    @Test
    void issuesExactlyTotalQuantityToDistinctUsersWhenTenThousandUsersRushAHundredCoupons() {
        long couponId = aCoupon(clock).quantity(100).create(http);
        List<Long> users = knownUsers(jdbc, 10_000);
        IssueClient client = new IssueClient(port);

        List<Answer> answers = Concurrently.run(users.size(), 200, i -> client.issue(couponId, users.get(i)));

        List<Answer> issued = answers.stream().filter(Answer::issued).toList();
        assertThat(issued).hasSize(100);
        assertThat(answers).filteredOn(answer -> !answer.issued())
                .hasSize(9_900)
                .allSatisfy(answer -> {
                    assertThat(answer.status()).isEqualTo(409);
                    assertThat(answer.code()).isEqualTo("COUPON_SOLD_OUT");
                });
        Map<Long, Long> holders = holders(couponId);
        assertThat(holders).hasSize(100);
        assertThat(issued).allSatisfy(answer -> assertThat(holders).containsEntry(answer.userId(), answer.userCouponId()));
        http.get().uri("/api/v1/admin/coupons/{id}/audit", couponId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalQuantity").isEqualTo(100)
                .jsonPath("$.issued").isEqualTo(100)
                .jsonPath("$.issuedRows").isEqualTo(100)
                .jsonPath("$.distinctUsers").isEqualTo(100)
                .jsonPath("$.remaining").isEqualTo(0)
                .jsonPath("$.consistent").isEqualTo(true);
    }

    @Test
    void givesOneUserExactlyOneCouponOutOfFiftyConcurrentRequests() {
        long couponId = aCoupon(clock).quantity(10).create(http);
        long user = knownUser(jdbc);
        IssueClient client = new IssueClient(port);

        List<Answer> answers = Concurrently.run(50, 50, i -> client.issue(couponId, user));

        assertThat(answers).filteredOn(Answer::issued).hasSize(1);
        assertThat(answers).filteredOn(answer -> !answer.issued()).hasSize(49)
                .allSatisfy(answer -> assertThat(answer.code()).isEqualTo("COUPON_ALREADY_ISSUED"));
        assertThat(holders(couponId)).containsOnlyKeys(user);
        assertThat(issuedCounter(couponId)).isEqualTo(1);
    }

    @Test
    void keepsTheTotalAndOnePerUserWhenTwoInstancesIssueTheSameCouponToTheSameUsers() {
        long couponId = aCoupon(clock).quantity(300).create(http);
        List<Long> users = knownUsers(jdbc, 1_000);
        try (CouponIssuance otherInstance = new CouponIssuance(catalog, knownUsers, store, transactionManager, clock,
                new IssuanceMetrics(new SimpleMeterRegistry()), properties)) {
            List<CouponIssuance> instances = List.of(issuance, otherInstance);

            // Every user asks both instances at once.
            List<String> answers = Concurrently.run(2 * users.size(), 100,
                    i -> outcome(instances.get(i % 2), couponId, users.get(i / 2)));

            Map<Long, List<String>> byUser = new HashMap<>();
            for (int i = 0; i < answers.size(); i++) {
                byUser.computeIfAbsent(users.get(i / 2), u -> new ArrayList<>()).add(answers.get(i));
            }
            Set<Long> winners = byUser.entrySet().stream().filter(e -> e.getValue().contains(ISSUED))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(winners).hasSize(300);
            assertThat(holders(couponId).keySet()).isEqualTo(winners);
            assertThat(issuedCounter(couponId)).isEqualTo(300);
            byUser.forEach((user, both) -> {
                if (winners.contains(user)) {
                    // The other request is ALREADY_ISSUED, or SOLD_OUT when it came after the last coupon went.
                    assertThat(both).as("user %d", user).containsOnlyOnce(ISSUED)
                            .containsAnyOf("COUPON_ALREADY_ISSUED", "COUPON_SOLD_OUT");
                } else {
                    assertThat(both).as("user %d", user).containsOnly("COUPON_SOLD_OUT");
                }
            });
        }
    }

    @Test
    void answersEveryRequestOfABatchWhoseConnectionIsKilledFromTheRetry() throws Exception {
        long couponId = aCoupon(clock).quantity(50).create(http);
        List<Long> users = knownUsers(jdbc, 20);
        List<CompletableFuture<IssuedCoupon>> answers;
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("SELECT 1 FROM coupon WHERE id = " + couponId + " FOR UPDATE");
            answers = users.stream().map(user -> issuance.issue(couponId, user)).toList();

            int firstTry = writerWaitingForTheCouponRow(-1);
            jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, firstTry);
            writerWaitingForTheCouponRow(firstTry);
            blocker.rollback();
        }

        for (CompletableFuture<IssuedCoupon> answer : answers) {
            assertThat(answer.get(30, TimeUnit.SECONDS).couponId()).isEqualTo(couponId);
        }
        assertThat(holders(couponId).keySet()).containsExactlyInAnyOrderElementsOf(users);
        assertThat(issuedCounter(couponId)).isEqualTo(20);
    }

    @Test
    void withdrawsRequestsThatWaitLongerThanTheQueueTimeoutAndNeverIssuesThemAfterwards() throws Exception {
        long couponId = aCoupon(clock).quantity(50).create(http);
        long first = knownUser(jdbc);
        List<Long> waiting = knownUsers(jdbc, 10);
        CompletableFuture<IssuedCoupon> firstAnswer;
        List<String> waitingAnswers;
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("SELECT 1 FROM coupon WHERE id = " + couponId + " FOR UPDATE");
            firstAnswer = issuance.issue(couponId, first);
            writerWaitingForTheCouponRow(-1);

            // The coupon's writer is stuck on the row, so these wait in the queue past the timeout.
            waitingAnswers = Concurrently.run(waiting.size(), waiting.size(),
                    i -> outcome(issuance, couponId, waiting.get(i)));
            blocker.rollback();
        }

        assertThat(waitingAnswers).containsOnly("SERVICE_UNAVAILABLE");
        assertThat(firstAnswer.get(30, TimeUnit.SECONDS).userId()).as("a request taken into a batch is always answered")
                .isEqualTo(first);
        assertThat(properties.issuance().queueTimeout()).isLessThan(Duration.ofSeconds(30));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(holders(couponId)).containsOnlyKeys(first));
        assertThat(issuedCounter(couponId)).isEqualTo(1);
    }

    /** Waits until a writer's transaction waits for the coupon row's lock; returns its backend's pid. */
    private int writerWaitingForTheCouponRow(int otherThan) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList("""
                        SELECT pid FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'
                          AND query LIKE 'SELECT total_quantity - issued_quantity%' AND pid <> ?""", Integer.class, otherThan),
                pids -> pids.size() == 1).get(0);
    }

    /** ISSUED, or the error code the request was answered with. */
    private static String outcome(CouponIssuance instance, long couponId, long userId) {
        try {
            instance.issue(couponId, userId).join();
            return ISSUED;
        } catch (DomainException refused) {
            return refused.code().name();
        } catch (CompletionException answered) {
            return ((DomainException) answered.getCause()).code().name();
        }
    }

    private Map<Long, Long> holders(long couponId) {
        Map<Long, Long> holders = new HashMap<>();
        jdbc.query("SELECT user_id, id FROM user_coupon WHERE coupon_id = ?",
                row -> {
                    holders.put(row.getLong("user_id"), row.getLong("id"));
                }, couponId);
        return holders;
    }

    private long issuedCounter(long couponId) {
        return jdbc.queryForObject("SELECT issued_quantity FROM coupon WHERE id = ?", Long.class, couponId);
    }
}
