package dev.flashsale.ranking;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;

import static dev.flashsale.ranking.CompletedOrder.anOrder;
import static dev.flashsale.ranking.CompletedOrder.kst;
import static dev.flashsale.ranking.CompletedOrder.newProduct;
import static org.assertj.core.api.Assertions.assertThat;

@RankingIntegrationTest
class RankingAuditIT {

    @Autowired
    SalesFeed feed;
    @Autowired
    RankingApi ranking;
    @Autowired
    RankingTables tables;
    @Autowired
    TestCalendar calendar;

    LocalDate today;

    @BeforeEach
    void startOnADayOfItsOwn() {
        today = calendar.freshDayAtNoon();
    }

    @Test
    void findsTheRankingConsistentWithTheSalesLogEvenWithSalesNotYetAggregated() {
        long best = newProduct();
        long second = newProduct();
        feed.publishAndAwait(
                anOrder().completedAt(kst(today.minusDays(2), 9, 0)).of(best, 4).of(second, 1).build(),
                anOrder().completedAt(kst(today, 9, 0)).of(second, 2).build());
        ranking.aggregate();
        feed.publishAndAwait(anOrder().completedAt(kst(today, 10, 0)).of(second, 9).build());

        JsonNode audit = ranking.audit();

        assertThat(audit.get("consistent").asBoolean()).isTrue();
        assertThat(audit.get("from").asString()).isEqualTo(today.minusDays(2).toString());
        assertThat(audit.get("notYetAggregated").asLong()).isPositive();
        assertThat(audit.get("days")).hasSize(3);
        assertThat(audit.get("days").get(0).get("aggregated").asLong()).isEqualTo(5);
        assertThat(audit.get("days").get(0).get("recounted").asLong()).isEqualTo(5);
        assertThat(audit.get("days").get(2).get("aggregated").asLong()).isEqualTo(2);
        assertThat(audit.get("servedTop")).isEqualTo(audit.get("recountedTop"));
        assertThat(audit.get("servedTop").get(0).get("productId").asLong()).isEqualTo(best);
    }

    @Test
    void reportsDailyRowsThatDriftedFromTheSalesLogUntilARebuildRepairsThem() {
        long product = newProduct();
        long other = newProduct();
        feed.publishAndAwait(anOrder().completedAt(kst(today.minusDays(1), 9, 0)).of(product, 3).of(other, 2).build());
        ranking.aggregate();
        // Off by the same amount in opposite directions: the day's total still matches.
        tables.execute("UPDATE daily_sales SET quantity = quantity + 2 WHERE product_id = " + product);
        tables.execute("UPDATE daily_sales SET quantity = quantity - 2 WHERE product_id = " + other);
        tables.execute("INSERT INTO daily_sales VALUES ('" + today + "', " + other + ", 2)");
        ranking.aggregate();

        JsonNode drifted = ranking.audit();

        assertThat(drifted.get("consistent").asBoolean()).isFalse();
        assertThat(drifted.get("dailySalesConsistent").asBoolean()).isFalse();
        assertThat(drifted.get("topConsistent").asBoolean()).isFalse();
        assertThat(drifted.get("days").get(1).get("aggregated").asLong()).isEqualTo(5);
        assertThat(drifted.get("days").get(1).get("recounted").asLong()).isEqualTo(5);
        assertThat(drifted.get("mismatches")).hasSize(3);
        assertThat(drifted.get("mismatches").get(0).get("productId").asLong()).isEqualTo(product);
        assertThat(drifted.get("mismatches").get(0).get("aggregated").asLong()).isEqualTo(5);
        assertThat(drifted.get("mismatches").get(0).get("recounted").asLong()).isEqualTo(3);

        ranking.rebuild(today.minusDays(2), today);

        assertThat(ranking.audit().get("consistent").asBoolean()).isTrue();
        assertThat(tables.dailyQuantity(today.minusDays(1), product)).isEqualTo(3);
        assertThat(tables.dailyQuantity(today, other)).isZero();
    }
}
