package dev.flashsale.coupon.application;

import dev.flashsale.coupon.CouponServiceApplication;
import dev.flashsale.coupon.IssueClient;
import dev.flashsale.coupon.TestUsers;
import dev.flashsale.coupon.domain.DiscountPolicy;
import dev.flashsale.coupon.domain.IssuanceAudit;
import dev.flashsale.coupon.domain.IssueWindow;
import dev.flashsale.testkit.LatencyRecorder;
import dev.flashsale.testkit.SharedInfrastructure;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issuance throughput and latency of the group-commit design against the one-row-lock-per-request
 * baseline, in one run, on the same PostgreSQL with fsync and synchronous commit on (as in production;
 * the test suite's server runs without fsync). The service runs as deployed, from its application class.
 * Run with {@code mvn -pl coupon-service -am verify -Pbenchmark -Dit.test=IssuanceBenchmarkIT} (one part:
 * {@code -Dit.test='IssuanceBenchmarkIT#printsAStampede*'}).
 */
@Tag("benchmark")
class IssuanceBenchmarkIT {

    private static final int REQUESTS = 20_000;
    private static final int[] CLIENTS = {64, 512};
    private static final int VALID_DAYS = 7;
    /** Measured rounds of the 3,000-claimant stampede; {@code -Dbenchmark.stampede.rounds=10} for a longer profile. */
    private static final int STAMPEDE_ROUNDS = Integer.getInteger("benchmark.stampede.rounds", 3);
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static Path dataDirectory;
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext service;

    /**
     * A PostgreSQL of its own, durable as in production: the embedded binaries start with {@code -F}
     * (fsync off) unless told otherwise, which would make every commit nearly free and hide the very cost
     * that batching saves.
     */
    @BeforeAll
    static void startTheServiceOnADurablePostgres() throws Exception {
        dataDirectory = Files.createTempDirectory("coupon-benchmark-pg");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "128MB")
                .start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE coupon_benchmark");
        }
        service = new SpringApplicationBuilder(CouponServiceApplication.class).run(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "coupon_benchmark"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafkaBootstrapServers(),
                "--server.port=0",
                "--logging.level.root=WARN");
    }

    @AfterAll
    static void stop() throws IOException {
        service.close();
        postgres.close();
        if (Files.exists(dataDirectory)) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void printsThroughputAndLatencyOfGroupCommitAndOfOneRowLockPerRequest() {
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        CouponIssuance issuance = service.getBean(CouponIssuance.class);
        CouponDefinitions definitions = service.getBean(CouponDefinitions.class);
        RowLockPerRequestIssuance baseline = new RowLockPerRequestIssuance(jdbc,
                new TransactionTemplate(service.getBean(PlatformTransactionManager.class)), service.getBean(Clock.class));
        DistributionSummary batchSizes = batchSizes();

        printSettings(jdbc);

        // Warm-up: JIT, connection pool, caches.
        measure(definitions, jdbc, 64, 3_000, (coupon, user) -> issued(issuance, coupon, user));
        measure(definitions, jdbc, 64, 1_000, (coupon, user) -> baseline.issue(coupon, user, VALID_DAYS)
                == RowLockPerRequestIssuance.Outcome.ISSUED);

        for (int clients : CLIENTS) {
            double batchesBefore = batchSizes.count();
            double requestsBefore = batchSizes.totalAmount();
            Result grouped = measure(definitions, jdbc, clients, REQUESTS, (coupon, user) -> issued(issuance, coupon, user));
            assertThat(grouped.errors()).isZero();
            double meanBatch = (batchSizes.totalAmount() - requestsBefore) / (batchSizes.count() - batchesBefore);
            Result locked = measure(definitions, jdbc, clients, REQUESTS, (coupon, user) -> baseline.issue(coupon, user,
                    VALID_DAYS) == RowLockPerRequestIssuance.Outcome.ISSUED);
            System.out.printf(Locale.ROOT, "%4d clients | group commit:        %s, mean batch %.0f%n", clients, grouped, meanBatch);
            System.out.printf(Locale.ROOT, "%4d clients | row lock per request: %s%n", clients, locked);
            System.out.printf(Locale.ROOT, "%4d clients | throughput ratio %.1fx%n", clients,
                    grouped.perSecond() / locked.perSecond());
        }
    }

    @Test
    void printsIssuanceOverHttpAgainstAHealthCheck() {
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        CouponDefinitions definitions = service.getBean(CouponDefinitions.class);
        DistributionSummary batchSizes = batchSizes();
        IssueClient http = new IssueClient(port());
        printSettings(jdbc);

        run(256, 3_000, i -> http.get("/actuator/health/liveness") == 200); // warm-up of the HTTP stack
        Result liveness = run(256, 10_000, i -> http.get("/actuator/health/liveness") == 200);
        System.out.printf(Locale.ROOT, " 256 clients | reference, GET /actuator/health/liveness: %s%n", liveness);
        double batchesBefore = batchSizes.count();
        double requestsBefore = batchSizes.totalAmount();
        Result overHttp = measure(definitions, jdbc, 256, REQUESTS, (coupon, user) -> http.issue(coupon, user).issued());
        assertThat(overHttp.errors()).isZero();
        System.out.printf(Locale.ROOT, " 256 clients | group commit over HTTP: %s, mean batch %.0f%n", overHttp,
                (batchSizes.totalAmount() - requestsBefore) / (batchSizes.count() - batchesBefore));
        Result stampede = stampede(definitions, jdbc, http, 10_000, 256);
        System.out.printf(Locale.ROOT, " 256 clients | HTTP stampede, 10,000 users for 100 coupons: %s%n%n", stampede);
    }

    /**
     * The flash sale of the performance issue, at coupon-service itself: 3,000 claimants, 256 at a time, for 100 coupons,
     * each asking once over HTTP. Two untimed rounds warm the JIT; then {@link #STAMPEDE_ROUNDS} measured rounds, each
     * on a fresh coupon with fresh users.
     */
    @Test
    void printsAStampedeOfThreeThousandClaimantsForAHundredCouponsOverHttp() {
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        CouponDefinitions definitions = service.getBean(CouponDefinitions.class);
        IssueClient http = new IssueClient(port());
        printSettings(jdbc);
        for (int round = 0; round < 2; round++) {
            stampede(definitions, jdbc, http, 3_000, 256);
        }
        for (int round = 1; round <= STAMPEDE_ROUNDS; round++) {
            long serviceCpuBefore = serviceCpuNanos();
            Result stampede = stampede(definitions, jdbc, http, 3_000, 256);
            long serviceCpu = serviceCpuNanos() - serviceCpuBefore;
            System.out.printf(Locale.ROOT, " 256 clients | HTTP stampede %d, 3,000 claimants for 100 coupons: %s, service threads' CPU"
                    + " %.0f us/request%n", round, stampede, serviceCpu / 1e3 / 3_000);
        }
        System.out.println();
    }

    /**
     * CPU time of the threads that serve requests and issue coupons (Tomcat's workers and poller, the issuance
     * engine's threads): the service's own cost, without the benchmark's HTTP client in the same JVM.
     */
    private static long serviceCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && (thread.getThreadName().startsWith("http-nio") || thread.getThreadName().startsWith("coupon-issue"))) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return total;
    }

    private static void printSettings(JdbcTemplate jdbc) {
        CouponProperties.Issuance settings = service.getBean(CouponProperties.class).issuance();
        System.out.printf(Locale.ROOT, "%nCoupon issuance benchmark: %d cores, load average %.1f, PostgreSQL fsync=%s "
                        + "synchronous_commit=%s, max batch %d, %d writers, %s%n",
                Runtime.getRuntime().availableProcessors(), PROCESS.getSystemLoadAverage(),
                jdbc.queryForObject("SHOW fsync", String.class), jdbc.queryForObject("SHOW synchronous_commit", String.class),
                settings.maxBatchSize(), settings.writers(), Runtime.version());
    }

    private static DistributionSummary batchSizes() {
        return service.getBean(MeterRegistry.class).get("coupon.issue.batch.size").summary();
    }

    private static int port() {
        return ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    /** Issues {@code requests} coupons of a fresh coupon to as many fresh users, from {@code clients} threads. */
    private static Result measure(CouponDefinitions definitions, JdbcTemplate jdbc, int clients, int requests,
                                  IssueCall call) {
        long couponId = newCoupon(definitions, requests);
        List<Long> users = newUsers(jdbc, requests);
        Result result = run(clients, requests, i -> call.issued(couponId, users.get(i)));
        IssuanceAudit audit = definitions.audit(couponId);
        assertThat(audit.consistent()).isTrue();
        assertThat(audit.issued()).isEqualTo(requests - result.errors());
        return result;
    }

    /**
     * {@code claimants} users, {@code clients} at a time, each asking once for one of 100 coupons. Every answer is 201,
     * {@code COUPON_SOLD_OUT}, or a 503 (the service's own bound, on a machine too busy to decide in time: counted and
     * printed, since it is the truthful answer then); exactly 100 are issued whatever happens.
     */
    private static Result stampede(CouponDefinitions definitions, JdbcTemplate jdbc, IssueClient http, int claimants,
                                   int clients) {
        long couponId = newCoupon(definitions, 100);
        List<Long> users = newUsers(jdbc, claimants);
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        Queue<String> others = new ConcurrentLinkedQueue<>();
        Result result = run(clients, users.size(), i -> {
            IssueClient.Answer answer;
            try {
                answer = http.issue(couponId, users.get(i));
            } catch (RuntimeException e) {
                others.add(e.toString());
                return false;
            }
            if (answer.issued()) {
                issued.incrementAndGet();
                return true;
            }
            if (answer.status() == 503) {
                unavailable.incrementAndGet();
                return false;
            }
            if ("COUPON_SOLD_OUT".equals(answer.code())) {
                return true;
            }
            others.add(answer.status() + " " + answer.code());
            return false;
        });
        assertThat(others).as("answers other than issued, sold out or unavailable").isEmpty();
        IssuanceAudit audit = definitions.audit(couponId);
        assertThat(audit.consistent()).isTrue();
        assertThat(audit.issued()).isEqualTo(100);
        assertThat(issued.get()).as("201 answers").isLessThanOrEqualTo(100).isGreaterThanOrEqualTo(100 - unavailable.get());
        return result.withUnavailable(unavailable.get());
    }

    /** Users known as in production: in the table, and in memory since the service warmed up. */
    private static List<Long> newUsers(JdbcTemplate jdbc, int count) {
        List<Long> users = TestUsers.knownUsers(jdbc, count);
        service.getBean(KnownUsers.class).warmUp();
        return users;
    }

    private static long newCoupon(CouponDefinitions definitions, long quantity) {
        Clock clock = Clock.systemUTC();
        return definitions.define("benchmark", DiscountPolicy.fixedAmount(1_000, 0), quantity,
                new IssueWindow(clock.instant().minus(Duration.ofMinutes(1)), clock.instant().plus(Duration.ofHours(1))),
                VALID_DAYS).id();
    }

    /**
     * Runs {@code requests} calls from {@code clients} threads, each taking the next request when done with one.
     * A call that answers false or throws (a connection pool timing out, say) counts as an error.
     */
    private static Result run(int clients, int requests, IntPredicate call) {
        LatencyRecorder latencies = new LatencyRecorder();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long began = System.nanoTime();
                    try {
                        if (!call.test(i)) {
                            errors.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    latencies.recordNanos(System.nanoTime() - began);
                }
            });
        }
        long cpuBefore = PROCESS.getProcessCpuTime();
        long began = System.nanoTime();
        start.countDown();
        pool.shutdown();
        try {
            assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long elapsed = System.nanoTime() - began;
        long cpu = PROCESS.getProcessCpuTime() - cpuBefore;
        return new Result(requests, errors.get(), elapsed, cpu, latencies.percentile(50).toNanos(),
                latencies.percentile(99).toNanos());
    }

    private static boolean issued(CouponIssuance issuance, long couponId, long userId) {
        issuance.issue(couponId, userId).join();
        return true;
    }

    @FunctionalInterface
    private interface IssueCall {
        boolean issued(long couponId, long userId);
    }

    /**
     * A run: answers per second (errors not counted), latency percentiles over every request, and the CPU this
     * JVM (service and clients together, not PostgreSQL) spent per request, which the machine's other load
     * does not change.
     */
    private record Result(int requests, int errors, long elapsedNanos, long cpuNanos, long p50Nanos, long p99Nanos,
                          int unavailable) {

        Result(int requests, int errors, long elapsedNanos, long cpuNanos, long p50Nanos, long p99Nanos) {
            this(requests, errors, elapsedNanos, cpuNanos, p50Nanos, p99Nanos, 0);
        }

        /** The same run, of whose errors {@code count} were 503 answers (the rest of the answers all definite). */
        Result withUnavailable(int count) {
            return new Result(requests, errors, elapsedNanos, cpuNanos, p50Nanos, p99Nanos, count);
        }

        /** Answers per second: every answer counts once it came back, a 503 too. */
        double perSecond() {
            return (requests - errors + unavailable) / (elapsedNanos / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,8.0f /s, p50 %7.2f ms, p99 %7.2f ms, JVM CPU %4.0f us/request (%,d in %.2f s%s%s)",
                    perSecond(), p50Nanos / 1e6, p99Nanos / 1e6, cpuNanos / 1e3 / requests, requests, elapsedNanos / 1e9,
                    errors == unavailable ? "" : String.format(Locale.ROOT, ", %,d errors", errors - unavailable),
                    unavailable == 0 ? "" : String.format(Locale.ROOT, ", %,d answered 503", unavailable));
        }
    }
}
