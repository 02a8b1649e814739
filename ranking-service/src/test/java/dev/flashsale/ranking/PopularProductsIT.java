package dev.flashsale.ranking;

import dev.flashsale.ranking.application.AggregationTrigger;
import dev.flashsale.ranking.application.PopularProducts;
import dev.flashsale.ranking.application.RankingMetrics;
import dev.flashsale.ranking.application.RankingProperties;
import dev.flashsale.ranking.application.SalesAggregation;
import dev.flashsale.ranking.domain.DayRange;
import dev.flashsale.ranking.persistence.AggregationCheckpoint;
import dev.flashsale.ranking.persistence.DailySales;
import dev.flashsale.ranking.persistence.SalesLog;
import dev.flashsale.ranking.web.PopularProductsResponse;
import dev.flashsale.ranking.web.PopularProductsResponse.Item;
import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.time.LocalDate;

import static dev.flashsale.ranking.CompletedOrder.anOrder;
import static dev.flashsale.ranking.CompletedOrder.kst;
import static dev.flashsale.ranking.CompletedOrder.newProduct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@RankingIntegrationTest
class PopularProductsIT {

    @Autowired
    SalesFeed feed;
    @Autowired
    RankingApi ranking;
    @Autowired
    MutableClock clock;
    @Autowired
    TestCalendar calendar;
    @Autowired
    RestTestClient http;
    @Autowired
    RankingTables tables;
    @Autowired
    AggregationCheckpoint checkpoints;
    @Autowired
    DailySales dailySales;
    @Autowired
    SalesLog salesLog;
    @Autowired
    RankingMetrics metrics;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    RankingProperties properties;

    LocalDate today;

    /** The same batch with a top 5 of its own, as another instance of the service has. */
    private SalesAggregation anotherReplica() {
        PopularProducts itsPopularProducts = new PopularProducts(dailySales, salesLog, checkpoints, metrics, transactionManager,
                clock, properties);
        return new SalesAggregation(checkpoints, dailySales, itsPopularProducts, metrics, transactionManager, clock, properties);
    }

    @BeforeEach
    void startOnADayOfItsOwn() {
        today = calendar.freshDayAtNoon();
    }

    @Test
    void answersNoItemsForTheThreeDaysEndingTodayWhenNothingWasSoldInThem() {
        PopularProductsResponse popular = ranking.popular();

        assertThat(popular.from()).isEqualTo(today.minusDays(2));
        assertThat(popular.to()).isEqualTo(today);
        assertThat(popular.items()).isEmpty();
    }

    @Test
    void countsTheThreeCalendarDaysEndingTodayAndNoOther() {
        long beforeWindow = newProduct();
        long firstDay = newProduct();
        long lastDay = newProduct();
        long tomorrow = newProduct();
        feed.publishAndAwait(
                anOrder().completedAt(kst(today.minusDays(3), 12, 0)).of(beforeWindow, 100).build(),
                anOrder().completedAt(kst(today.minusDays(2), 12, 0)).of(firstDay, 5).build(),
                anOrder().completedAt(kst(today, 11, 59)).of(lastDay, 3).build(),
                anOrder().completedAt(kst(today.plusDays(1), 12, 0)).of(tomorrow, 50).build());

        ranking.aggregate();

        assertThat(ranking.popular().items()).containsExactly(
                new Item(1, firstDay, "product " + firstDay, 5),
                new Item(2, lastDay, "product " + lastDay, 3));
    }

    @Test
    void drawsTheDayBoundaryAtMidnightInSeoulNotInUtc() {
        long lastSecondBeforeWindow = newProduct();
        long firstSecondOfWindow = newProduct();
        long lastSecondOfToday = newProduct();
        feed.publishAndAwait(
                // 14:59:59 UTC, still the day before the window in Seoul
                anOrder().completedAt(kst(today.minusDays(3), 23, 59, 59)).of(lastSecondBeforeWindow, 9).build(),
                // 15:00:00 UTC of that same UTC day, already the window's first day in Seoul
                anOrder().completedAt(kst(today.minusDays(2), 0, 0, 0)).of(firstSecondOfWindow, 2).build(),
                anOrder().completedAt(kst(today, 23, 59, 59)).of(lastSecondOfToday, 1).build());
        clock.set(kst(today, 23, 59, 59).toInstant());

        ranking.aggregate();

        PopularProductsResponse beforeMidnight = ranking.popular();
        assertThat(beforeMidnight.to()).isEqualTo(today);
        assertThat(beforeMidnight.items()).extracting(Item::productId).containsExactly(firstSecondOfWindow, lastSecondOfToday);

        clock.advance(Duration.ofSeconds(1));

        PopularProductsResponse afterMidnight = ranking.popular();
        assertThat(afterMidnight.from()).isEqualTo(today.minusDays(1));
        assertThat(afterMidnight.to()).isEqualTo(today.plusDays(1));
        assertThat(afterMidnight.items()).extracting(Item::productId).containsExactly(lastSecondOfToday);
    }

    @Test
    void ranksProductsThatSoldAsManyUnitsByLowerProductIdFirst() {
        long first = newProduct();
        long second = newProduct();
        long third = newProduct();
        long best = newProduct();
        feed.publishAndAwait(
                anOrder().completedAt(kst(today, 9, 0)).of(third, 4).build(),
                anOrder().completedAt(kst(today, 9, 1)).of(second, 4).build(),
                anOrder().completedAt(kst(today, 9, 2)).of(first, 4).of(best, 7).build());

        ranking.aggregate();

        assertThat(ranking.popular().items())
                .extracting(Item::rank, Item::productId, Item::soldQuantity)
                .containsExactly(
                        tuple(1, best, 7L),
                        tuple(2, first, 4L),
                        tuple(3, second, 4L),
                        tuple(4, third, 4L));
    }

    @Test
    void answersTheFiveBestSellersWhenMoreProductsSold() {
        long[] products = new long[7];
        CompletedOrder order = anOrder().completedAt(kst(today.minusDays(1), 20, 0));
        for (int i = 0; i < products.length; i++) {
            products[i] = newProduct();
            order.of(products[i], i + 1);
        }
        feed.publishAndAwait(order.build());

        ranking.aggregate();

        assertThat(ranking.popular().items())
                .extracting(Item::rank, Item::productId)
                .containsExactly(
                        tuple(1, products[6]),
                        tuple(2, products[5]),
                        tuple(3, products[4]),
                        tuple(4, products[3]),
                        tuple(5, products[2]));
    }

    @Test
    void answersFewerThanFiveWhenFewerProductsSold() {
        long one = newProduct();
        long other = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 8, 0)).of(one, 1).of(other, 2).build());

        ranking.aggregate();

        assertThat(ranking.popular().items()).extracting(Item::productId).containsExactly(other, one);
    }

    @Test
    void sumsAProductOverOrdersVariantsAndTheDaysOfTheWindow() {
        long product = newProduct();
        long runnerUp = newProduct();
        feed.publishAndAwait(
                anOrder().completedAt(kst(today.minusDays(2), 10, 0)).of(product, 2).build(),
                // two variants of one product in one order
                anOrder().completedAt(kst(today.minusDays(1), 10, 0)).of(product, 1).of(product, 3).of(runnerUp, 5).build(),
                anOrder().completedAt(kst(today, 10, 0)).of(product, 4).build());

        ranking.aggregate();

        assertThat(ranking.popular().items()).extracting(Item::productId, Item::soldQuantity).containsExactly(
                tuple(product, 10L),
                tuple(runnerUp, 5L));
    }

    @Test
    void namesAProductAsItsMostRecentSaleDid() {
        long product = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today.minusDays(1), 10, 0)).of(product, 1, "tee").build());
        feed.publishAndAwait(anOrder().completedAt(kst(today, 10, 0)).of(product, 1, "tee, new season").build());
        // Arrives last, but its sale is older: it does not rename the product back.
        feed.publishAndAwait(anOrder().completedAt(kst(today.minusDays(2), 10, 0)).of(product, 1, "old tee").build());

        ranking.aggregate();

        assertThat(ranking.popular().items()).extracting(Item::name).containsExactly("tee, new season");
    }

    @Test
    void showsNewSalesOnceTheNextAggregationHasRun() {
        long product = newProduct();
        ranking.aggregate();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 11, 0)).of(product, 3).build());

        assertThat(ranking.popular().items()).isEmpty();

        ranking.aggregate();

        PopularProductsResponse popular = ranking.popular();
        assertThat(popular.items()).extracting(Item::productId).containsExactly(product);
        assertThat(popular.asOf()).isAtSameInstantAs(kst(today, 12, 0));
    }

    /**
     * With several replicas, the hourly run and an admin's aggregate or rebuild happen on one of them. The
     * others' precomputed top 5 is a hint: the database overrules it within the recheck interval (1 s),
     * not at its maximum age (1 min).
     */
    @Test
    void showsWhatAnotherReplicaAggregatedOrRebuiltWithinTheRecheckInterval() {
        long product = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 10, 0)).of(product, 5).build());
        ranking.aggregate();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 11, 0)).of(product, 3).build());
        SalesAggregation otherReplica = anotherReplica();

        otherReplica.run(AggregationTrigger.HOURLY);

        assertThat(ranking.popular().items()).extracting(Item::soldQuantity).as("within the interval, the one there is").containsExactly(5L);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ranking.popular().items()).extracting(Item::soldQuantity).containsExactly(8L);

        tables.execute("UPDATE daily_sales SET quantity = 40 WHERE product_id = " + product);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ranking.popular().items()).extracting(Item::soldQuantity).as("no run, no change: not read again").containsExactly(8L);

        // A sale the daily rows missed, below the checkpoint: the other replica's rebuild counts it.
        tables.execute("""
                INSERT INTO sales_log (order_id, product_id, product_name, quantity, sale_date, completed_at, event_id, tx_id)
                VALUES (%d, %d, 'product %d', 2, '%s', '%s', gen_random_uuid(), '3')""".formatted(
                CompletedOrder.anOrder().of(product, 2).build().orderId(), product, product, today, kst(today, 11, 30)));
        otherReplica.rebuild(new DayRange(today, today));
        clock.advance(Duration.ofSeconds(1));
        assertThat(ranking.popular().items()).extracting(Item::soldQuantity).containsExactly(10L);
    }

    @Test
    void keepsServingTodaysRankingWhileItCannotBeComputedAgain() {
        long product = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 11, 0)).of(product, 3).build());
        ranking.aggregate();
        tables.execute("ALTER TABLE daily_sales RENAME TO daily_sales_away");
        try {
            clock.advance(Duration.ofMinutes(5));

            assertThat(ranking.popular().items()).extracting(Item::productId).containsExactly(product);

            clock.set(kst(today.plusDays(1), 0, 0).toInstant());

            http.get().uri("/api/v1/products/popular").exchange()
                    .expectStatus().isEqualTo(500)
                    .expectBody().jsonPath("$.code").isEqualTo("INTERNAL_ERROR");
        } finally {
            tables.execute("ALTER TABLE daily_sales_away RENAME TO daily_sales");
        }
        PopularProductsResponse tomorrow = ranking.popular();
        assertThat(tomorrow.to()).isEqualTo(today.plusDays(1));
        assertThat(tomorrow.items()).extracting(Item::productId).containsExactly(product);
    }

    @Test
    void answersNotModifiedToAClientThatHoldsTheCurrentRanking() {
        feed.publishAndAwait(anOrder().completedAt(kst(today, 11, 0)).of(newProduct(), 3).build());
        ranking.aggregate();
        String etag = http.get().uri("/api/v1/products/popular").exchange()
                .expectStatus().isOk()
                .returnResult().getResponseHeaders().getETag();

        http.get().uri("/api/v1/products/popular").header(HttpHeaders.IF_NONE_MATCH, etag).exchange()
                .expectStatus().isNotModified();

        feed.publishAndAwait(anOrder().completedAt(kst(today, 11, 30)).of(newProduct(), 5).build());
        ranking.aggregate();
        http.get().uri("/api/v1/products/popular").header(HttpHeaders.IF_NONE_MATCH, etag).exchange()
                .expectStatus().isOk();
    }
}
