package dev.flashsale.ranking;

import dev.flashsale.ranking.web.PopularProductsResponse;
import dev.flashsale.ranking.web.PopularProductsResponse.Item;
import dev.flashsale.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

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

    LocalDate today;

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
