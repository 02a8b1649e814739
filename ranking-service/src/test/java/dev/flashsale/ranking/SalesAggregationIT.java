package dev.flashsale.ranking;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.embedded.EmbeddedPostgresServer;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.ranking.application.AggregationTrigger;
import dev.flashsale.ranking.application.SalesAggregation;
import dev.flashsale.ranking.application.SalesRecorder;
import dev.flashsale.ranking.web.PopularProductsResponse;
import dev.flashsale.testkit.SharedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.flashsale.ranking.CompletedOrder.anOrder;
import static dev.flashsale.ranking.CompletedOrder.kst;
import static dev.flashsale.ranking.CompletedOrder.newProduct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RankingIntegrationTest
class SalesAggregationIT {

    @Autowired
    SalesFeed feed;
    @Autowired
    RankingApi ranking;
    @Autowired
    RankingTables tables;
    @Autowired
    TestCalendar calendar;
    @Autowired
    SalesAggregation aggregation;
    @Autowired
    SalesRecorder recorder;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    RestTestClient http;

    LocalDate today;

    @BeforeEach
    void startOnADayOfItsOwn() {
        today = calendar.freshDayAtNoon();
    }

    @Test
    void countsEverySaleOnceHoweverOftenItRuns() {
        long product = newProduct();
        feed.publishAndAwait(
                anOrder().completedAt(kst(today, 9, 0)).of(product, 2).build(),
                anOrder().completedAt(kst(today, 9, 5)).of(product, 3).build());
        double runsBefore = adminRuns("success");

        var first = ranking.aggregate();
        ranking.aggregate();
        ranking.aggregate();

        assertThat(first.get("salesLines").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(first.get("toCheckpoint").asLong()).isGreaterThan(first.get("fromCheckpoint").asLong());
        assertThat(tables.dailyQuantity(today, product)).isEqualTo(5);
        assertThat(adminRuns("success")).isEqualTo(runsBefore + 3);
    }

    @Test
    void countsNothingWhenItFailsBetweenTheUpsertAndTheCheckpointAndExactlyOnceWhenRunAgain() {
        long product = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 9, 0)).of(product, 7).build());
        long checkpointBefore = checkpoint();
        double failuresBefore = adminRuns("failure");
        // The crash: moving the checkpoint fails, after the daily row was written in the same transaction.
        tables.execute("""
                CREATE FUNCTION crash_before_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'crash before the checkpoint moved; product %s had %% units',
                        (SELECT quantity FROM daily_sales WHERE sale_date = '%s' AND product_id = %s);
                END $$""".formatted(product, today, product));
        tables.execute("CREATE TRIGGER crash BEFORE UPDATE ON aggregation_checkpoint FOR EACH ROW EXECUTE FUNCTION crash_before_checkpoint()");
        try {
            assertThatThrownBy(() -> aggregation.run(AggregationTrigger.ADMIN))
                    .rootCause().hasMessageContaining("product " + product + " had 7 units");
            http.post().uri("/api/v1/admin/ranking/aggregate").exchange()
                    .expectStatus().isEqualTo(500)
                    .expectBody().jsonPath("$.code").isEqualTo("INTERNAL_ERROR");
        } finally {
            tables.execute("DROP TRIGGER crash ON aggregation_checkpoint");
            tables.execute("DROP FUNCTION crash_before_checkpoint()");
        }

        assertThat(tables.dailyQuantity(today, product)).isZero();
        assertThat(checkpoint()).isEqualTo(checkpointBefore);
        assertThat(adminRuns("failure")).isEqualTo(failuresBefore + 2);

        ranking.aggregate();
        ranking.aggregate();

        assertThat(tables.dailyQuantity(today, product)).isEqualTo(7);
    }

    /**
     * A sales-log row's id is taken when it is written, not when it commits: here the row with the lower
     * id commits last. A checkpoint on row ids (or times) would already be past it and skip it for good.
     */
    @Test
    void neverSkipsASaleWhoseTransactionCommitsAfterALaterOne() throws Exception {
        long product = newProduct();
        OrderCompleted early = anOrder().completedAt(kst(today, 9, 0)).of(product, 2).build();
        OrderCompleted late = anOrder().completedAt(kst(today, 9, 1)).of(product, 3).build();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService slowConsumer = Executors.newSingleThreadExecutor();
        try {
            Future<?> slow = slowConsumer.submit(() -> transactions.executeWithoutResult(status -> {
                recorder.record(envelopeOf(early), early);
                written.countDown();
                awaitQuietly(commit);
            }));
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
            transactions.executeWithoutResult(status -> recorder.record(envelopeOf(late), late));

            aggregation.run(AggregationTrigger.ADMIN);

            assertThat(tables.dailyQuantity(today, product)).as("both wait for the open transaction").isZero();
            assertThat(heldBackSeconds()).as("the metric shows the run was held back").isPositive();

            commit.countDown();
            slow.get(30, TimeUnit.SECONDS);
            assertThat(salesLogId(early)).isLessThan(salesLogId(late));

            aggregation.run(AggregationTrigger.ADMIN);
            aggregation.run(AggregationTrigger.ADMIN);

            assertThat(tables.dailyQuantity(today, product)).isEqualTo(5);
        } finally {
            commit.countDown();
            slowConsumer.shutdownNow();
        }
    }

    /**
     * Transaction ids are shared by every database of the PostgreSQL server; a transaction left open in
     * another database can never write a sale here, so it must not hold the ranking back.
     */
    @Test
    void aTransactionLeftOpenInAnotherDatabaseOfTheServerDoesNotHoldTheRankingBack() throws Exception {
        long product = newProduct();
        String elsewhere = SharedInfrastructure.newDatabase("elsewhere");
        try (Connection idle = DriverManager.getConnection(elsewhere, EmbeddedPostgresServer.USER, "")) {
            idle.setAutoCommit(false);
            try (Statement statement = idle.createStatement()) {
                statement.execute("SELECT pg_current_xact_id()");
            }
            feed.publishAndAwait(anOrder().completedAt(kst(today, 9, 0)).of(product, 4).build());

            aggregation.run(AggregationTrigger.ADMIN);

            assertThat(tables.dailyQuantity(today, product)).isEqualTo(4);
            assertThat(heldBackSeconds()).isZero();
            idle.rollback();
        }
    }

    @Test
    void countsEverySaleExactlyOnceWhileRunsOverlapEachOtherAndTheConsumers() throws Exception {
        long[] products = {newProduct(), newProduct(), newProduct(), newProduct()};
        Map<String, Long> expected = new HashMap<>();
        List<OrderCompleted> orders = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            LocalDate day = today.minusDays(i % 3);
            long product = products[ThreadLocalRandom.current().nextInt(products.length)];
            int quantity = 1 + ThreadLocalRandom.current().nextInt(5);
            orders.add(anOrder().completedAt(kst(day, 8 + i % 12, i % 60)).of(product, quantity).build());
            expected.merge(day + "/" + product, (long) quantity, Long::sum);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int publisher = 0; publisher < 2; publisher++) {
                List<OrderCompleted> share = orders.subList(publisher * 60, publisher * 60 + 60);
                work.add(pool.submit(() -> share.forEach(order -> feed.send(feed.record(order, UUID.randomUUID())))));
            }
            for (int runner = 0; runner < 2; runner++) {
                work.add(pool.submit(() -> {
                    for (int run = 0; run < 15; run++) {
                        ranking.aggregate();
                    }
                }));
            }
            for (Future<?> done : work) {
                done.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        feed.awaitRecorded(orders.toArray(OrderCompleted[]::new));

        ranking.aggregate();

        assertThat(tables.dailyRows(today.minusDays(2), today)).isEqualTo(expected);
        assertThat(ranking.audit().get("consistent").asBoolean()).isTrue();
    }

    @Test
    void rebuildsTheDailyRowsTheIncrementalRunsWrote() {
        long[] products = {newProduct(), newProduct(), newProduct()};
        feed.publishAndAwait(
                anOrder().completedAt(kst(today.minusDays(2), 10, 0)).of(products[0], 2).of(products[1], 1).build(),
                anOrder().completedAt(kst(today.minusDays(1), 10, 0)).of(products[0], 1).build());
        ranking.aggregate();
        feed.publishAndAwait(
                anOrder().completedAt(kst(today.minusDays(1), 11, 0)).of(products[1], 4).build(),
                anOrder().completedAt(kst(today, 10, 0)).of(products[2], 3).of(products[0], 1).build());
        ranking.aggregate();
        feed.publishAndAwait(anOrder().completedAt(kst(today.minusDays(2), 23, 0)).of(products[2], 2).build());
        ranking.aggregate();
        Map<String, Long> incremental = tables.dailyRows(today.minusDays(2), today);
        PopularProductsResponse popularBefore = ranking.popular();

        var rebuilt = ranking.rebuild(today.minusDays(2), today);

        assertThat(rebuilt.get("dailyRows").asInt()).isEqualTo(incremental.size());
        assertThat(tables.dailyRows(today.minusDays(2), today)).isEqualTo(incremental).hasSize(7);
        assertThat(ranking.popular().items()).isEqualTo(popularBefore.items());
    }

    @Test
    void rebuildLeavesSalesNotYetAggregatedToTheNextRun() {
        long product = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 9, 0)).of(product, 2).build());
        ranking.aggregate();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 9, 30)).of(product, 3).build());

        ranking.rebuild(today, today);

        assertThat(tables.dailyQuantity(today, product)).isEqualTo(2);

        ranking.aggregate();

        assertThat(tables.dailyQuantity(today, product)).isEqualTo(5);
    }

    @Test
    void refusesARebuildOfAnUnclearDayRangeAndChangesNothing() {
        long product = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 9, 0)).of(product, 2).build());
        ranking.aggregate();
        tables.execute("UPDATE daily_sales SET quantity = 40 WHERE product_id = " + product);

        for (String query : List.of(
                "from=" + today + "&to=" + today.minusDays(1),
                "from=" + today,
                "to=" + today,
                "from=yesterday&to=" + today,
                "from=" + today.minusYears(2) + "&to=" + today)) {
            http.post().uri("/api/v1/admin/ranking/rebuild?" + query).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith("application/problem+json")
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }

        assertThat(tables.dailyQuantity(today, product)).isEqualTo(40);
    }

    private double adminRuns(String outcome) {
        Counter runs = metrics.find("ranking.aggregation.runs").tag("trigger", "admin").tag("outcome", outcome).counter();
        return runs == null ? 0 : runs.count();
    }

    private double heldBackSeconds() {
        return metrics.get("ranking.aggregation.held.back").gauge().value();
    }

    private long checkpoint() {
        return jdbc.sql("SELECT aggregated_below::text FROM aggregation_checkpoint").query(String.class).optional()
                .map(Long::parseLong).orElseThrow();
    }

    private long salesLogId(OrderCompleted order) {
        return jdbc.sql("SELECT id FROM sales_log WHERE order_id = ?").param(order.orderId()).query(Long.class).single();
    }

    private static Envelope envelopeOf(OrderCompleted order) {
        return new Envelope(UUID.randomUUID(), "OrderCompleted", 1, order.aggregateId(), order.completedAt().withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
