package dev.flashsale.coupon.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.CouponRows;
import dev.flashsale.coupon.IssueClient.Answer;
import dev.flashsale.coupon.IssueClient;
import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.coupon.persistence.IssuanceStore;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.MutableClock;
import dev.flashsale.groupcommit.GroupCommit;
import dev.flashsale.groupcommit.GroupCommitExecutors;
import dev.flashsale.groupcommit.GroupCommitListener;
import dev.flashsale.groupcommit.GroupCommitSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static dev.flashsale.coupon.TestUsers.knownUsers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The promises of a flash sale, with real concurrent requests against the real database, checked in the
 * database afterwards: never more than the total, never two to one user, and a definite answer for every
 * request, also when a batch's transaction dies, loses its commit's confirmation, or is stuck past its time.
 * Several instances on one database: {@code IssuanceAcrossInstancesIT}.
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

    private final List<Runnable> stopAfterTest = new ArrayList<>();

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
    void answersEveryRequestOfABatchWhoseConnectionIsKilledFromTheRetry() throws Exception {
        CouponIssuance patient = instance(Duration.ofSeconds(30), Duration.ofSeconds(30), transactionManager);
        long couponId = aCoupon(clock).quantity(50).create(http);
        List<Long> users = knownUsers(jdbc, 20);
        List<CompletableFuture<IssuedCoupon>> answers;
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("SELECT 1 FROM coupon WHERE id = " + couponId + " FOR UPDATE");
            answers = users.stream().map(user -> patient.issue(couponId, user)).toList();

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
    void answersTheWinnersOfABatchThatCommittedButLostItsConfirmationWithTheirCoupons() throws Exception {
        long couponId = aCoupon(clock).quantity(50).create(http);
        long holder = knownUser(jdbc);
        long earlier = issuance.issue(couponId, holder).get(10, TimeUnit.SECONDS).userCouponId();
        List<Long> newcomers = knownUsers(jdbc, 5);
        CommitThenFail connectionLostAtCommit = new CommitThenFail(transactionManager);
        CouponIssuance flaky = instance(Duration.ofSeconds(30), Duration.ofSeconds(30), connectionLostAtCommit);
        CompletableFuture<IssuedCoupon> gate;
        List<CompletableFuture<IssuedCoupon>> answers = new ArrayList<>();
        CompletableFuture<IssuedCoupon> holderAgain;
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("SELECT 1 FROM coupon WHERE id = " + couponId + " FOR UPDATE");
            gate = flaky.issue(couponId, knownUser(jdbc));
            writerWaitingForTheCouponRow(-1);
            // These wait behind the gate and form the next batch, whose commit succeeds and whose answer is lost.
            newcomers.forEach(user -> answers.add(flaky.issue(couponId, user)));
            holderAgain = flaky.issue(couponId, holder);
            connectionLostAtCommit.failAfterCommitting(2);
            blocker.rollback();
        }

        assertThat(gate.get(30, TimeUnit.SECONDS).couponId()).isEqualTo(couponId);
        List<Long> answered = new ArrayList<>();
        for (CompletableFuture<IssuedCoupon> answer : answers) {
            answered.add(answer.get(30, TimeUnit.SECONDS).userCouponId());
        }
        assertThat(outcome(holderAgain)).as("a holder from before is told so, also by the retried batch")
                .isEqualTo("COUPON_ALREADY_ISSUED");
        Map<Long, Long> held = holders(couponId);
        assertThat(answered).as("the newcomers' coupons").isEqualTo(newcomers.stream().map(held::get).toList());
        assertThat(held.get(holder)).isEqualTo(earlier);
        assertThat(issuedCounter(couponId)).isEqualTo(1 + 1 + newcomers.size()).isEqualTo(held.size());
        assertThat(connectionLostAtCommit.failed()).as("commits whose confirmation was lost").isEqualTo(1);
    }

    @Test
    void withdrawsRequestsThatWaitLongerThanTheQueueTimeoutAndNeverIssuesThemAfterwards() throws Exception {
        CouponIssuance impatient = instance(Duration.ofSeconds(1), Duration.ofSeconds(30), transactionManager);
        long couponId = aCoupon(clock).quantity(50).create(http);
        long first = knownUser(jdbc);
        List<Long> waiting = knownUsers(jdbc, 10);
        CompletableFuture<IssuedCoupon> firstAnswer;
        List<String> waitingAnswers;
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("SELECT 1 FROM coupon WHERE id = " + couponId + " FOR UPDATE");
            firstAnswer = impatient.issue(couponId, first);
            writerWaitingForTheCouponRow(-1);

            // The coupon's writer is stuck on the row, so these wait in the queue past the timeout.
            waitingAnswers = Concurrently.run(waiting.size(), waiting.size(),
                    i -> outcome(impatient.issue(couponId, waiting.get(i))));
            blocker.rollback();
        }

        assertThat(waitingAnswers).containsOnly("SERVICE_UNAVAILABLE");
        assertThat(firstAnswer.get(30, TimeUnit.SECONDS).userId()).as("a request taken into a batch waits for it")
                .isEqualTo(first);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(holders(couponId)).containsOnlyKeys(first));
        assertThat(issuedCounter(couponId)).isEqualTo(1);
    }

    @Test
    void answersABatchStuckOnTheCouponRowWithinItsBoundAndFreesItsWriter() throws Exception {
        Duration batchTimeout = Duration.ofMillis(800);
        CouponIssuance bounded = instance(Duration.ofSeconds(1), batchTimeout, transactionManager);
        long couponId = aCoupon(clock).quantity(50).create(http);
        long stuck = knownUser(jdbc);
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("SELECT 1 FROM coupon WHERE id = " + couponId + " FOR UPDATE");
            long asked = System.nanoTime();

            String answer = outcome(bounded.issue(couponId, stuck));

            assertThat(answer).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(batchTimeout.plusSeconds(2));
            // The batch's statements were bounded by its time: its writer no longer waits, though the row is still locked.
            await().atMost(Duration.ofSeconds(5)).until(() -> writersWaitingForTheCouponRow().isEmpty());
            blocker.rollback();
        }

        assertThat(holders(couponId)).isEmpty();
        assertThat(bounded.issue(couponId, stuck).get(10, TimeUnit.SECONDS).userId()).isEqualTo(stuck);
    }

    /**
     * Another engine on this context's beans, with its own memory of holders (as another instance has) and its own
     * timeouts: the failure tests need a patience the shared context's engine does not have.
     */
    private CouponIssuance instance(Duration queueTimeout, Duration batchTimeout, PlatformTransactionManager transactions) {
        CouponProperties.Issuance defaults = properties.issuance();
        GroupCommitSettings settings = new GroupCommitSettings(defaults.maxBatchSize(), defaults.maxQueuedPerCoupon(),
                queueTimeout, batchTimeout, defaults.maxAttempts(), defaults.retryBackoff());
        ThreadPoolTaskExecutor writers = GroupCommitExecutors.writers("test-issue", 1);
        writers.initialize();
        ThreadPoolTaskScheduler timekeeper = GroupCommitExecutors.timekeeper("test-issue");
        timekeeper.initialize();
        CouponHolders ownHolders = new CouponHolders(properties);
        GroupCommit<Long, Long, IssuedCoupon> engine = new GroupCommit<>("test issuance",
                new IssuanceBatch(catalog, ownHolders, store, transactions, clock), settings, writers, timekeeper,
                new GroupCommitListener<>() {
                });
        engine.start();
        stopAfterTest.add(() -> {
            engine.stop();
            writers.shutdown();
            timekeeper.shutdown();
        });
        return new CouponIssuance(catalog, knownUsers, ownHolders, engine, clock, new IssuanceMetrics(new SimpleMeterRegistry()));
    }

    @AfterEach
    void stopTheTestsOwnEngines() {
        stopAfterTest.forEach(Runnable::run);
        stopAfterTest.clear();
    }

    /**
     * A transaction manager whose commit, when told to, commits and then fails as if the connection broke before the
     * confirmation came back: the case where nobody knows whether the batch took effect.
     */
    private static final class CommitThenFail implements PlatformTransactionManager {
        private final PlatformTransactionManager delegate;
        private final AtomicInteger failNth = new AtomicInteger(-1);
        private final AtomicInteger commits = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();

        CommitThenFail(PlatformTransactionManager delegate) {
            this.delegate = delegate;
        }

        /** The {@code nth} commit from now on (1 = the next) fails after committing. */
        void failAfterCommitting(int nth) {
            commits.set(0);
            failNth.set(nth);
        }

        int failed() {
            return failed.get();
        }

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return delegate.getTransaction(definition);
        }

        @Override
        public void commit(TransactionStatus status) {
            delegate.commit(status);
            if (commits.incrementAndGet() == failNth.get()) {
                failed.incrementAndGet();
                throw new TransactionSystemException("connection reset while reading the commit's confirmation");
            }
        }

        @Override
        public void rollback(TransactionStatus status) {
            delegate.rollback(status);
        }
    }

    /** Waits until a writer's transaction waits for the coupon row's lock; returns its backend's pid. */
    private int writerWaitingForTheCouponRow(int otherThan) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> writersWaitingForTheCouponRow().stream()
                .filter(pid -> pid != otherThan).toList(), pids -> pids.size() == 1).get(0);
    }

    private List<Integer> writersWaitingForTheCouponRow() {
        return jdbc.queryForList("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                  AND query LIKE 'SELECT total_quantity - issued_quantity%'""", Integer.class);
    }

    /** ISSUED, or the error code the request was answered with. */
    private static String outcome(CompletableFuture<IssuedCoupon> answer) {
        try {
            answer.get(60, TimeUnit.SECONDS);
            return ISSUED;
        } catch (ExecutionException answered) {
            return ((DomainException) answered.getCause()).code().name();
        } catch (Exception e) {
            throw new AssertionError("no answer", e);
        }
    }

    private Map<Long, Long> holders(long couponId) {
        return CouponRows.holders(jdbc, couponId);
    }

    private long issuedCounter(long couponId) {
        return CouponRows.issuedCounter(jdbc, couponId);
    }
}
