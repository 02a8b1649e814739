package dev.flashsale.ranking;

import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.flashsale.ranking.CompletedOrder.anOrder;
import static dev.flashsale.ranking.CompletedOrder.kst;
import static dev.flashsale.ranking.CompletedOrder.newProduct;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters the dashboards and alerts read (infra/prometheus, infra/grafana), on the real
 * {@code /actuator/prometheus} after a completed order was consumed and aggregated.
 */
@RankingIntegrationTest
class RankingMetricsIT {

    @Autowired
    SalesFeed feed;
    @Autowired
    RankingApi ranking;
    @Autowired
    TestCalendar calendar;
    @Autowired
    RestTestClient http;

    @Test
    void aConsumedAndAggregatedOrderShowsInTheRankingAndInboxMetrics() {
        OrderCompleted order = anOrder().completedAt(kst(calendar.freshDayAtNoon(), 10, 0)).of(newProduct(), 2).build();
        feed.publishAndAwait(order);
        ranking.aggregate();

        PrometheusScrape scrape = scrape();

        assertThat(scrape.value("ranking_sales_orders_total", "outcome", "recorded")).isPositive();
        assertThat(scrape.value("ranking_aggregation_runs_total", "trigger", "admin", "outcome", "success")).isPositive();
        assertThat(scrape.value("ranking_aggregation_lines_total")).isPositive();
        assertThat(scrape.value("ranking_aggregation_duration_seconds_count", "trigger", "admin")).isPositive();
        assertThat(scrape.contains("ranking_aggregation_checkpoint_age_seconds")).as("ranking_aggregation_checkpoint_age_seconds").isTrue();
        assertThat(scrape.value("messaging_inbox_handled_total", "consumer", "ranking-service", "type", "OrderCompleted")).isPositive();
        assertThat(scrape.contains("kafka_consumer_fetch_manager_records_lag_max", "application", "ranking-service")).as("kafka_consumer_fetch_manager_records_lag_max").isTrue();
        assertThat(scrape.value("messaging_inbox_batch_size_count", "consumer", "ranking-service")).isPositive();
        assertThat(scrape.value("messaging_inbox_batch_duration_seconds_count", "consumer", "ranking-service")).isPositive();
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
    }
}
