package dev.flashsale.ranking;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.testkit.BadInput;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.PoisonMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static dev.flashsale.ranking.CompletedOrder.anOrder;
import static dev.flashsale.ranking.CompletedOrder.kst;
import static dev.flashsale.ranking.CompletedOrder.newProduct;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to every endpoint that takes any (the rebuild's day range): each answer a 4xx problem with a stable
 * code, and the sales log and daily sales untouched; poison on the order-completed topic parked on its
 * dead-letter topic while the next completed order is counted.
 */
@RankingIntegrationTest
class BadInputIT {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    SalesFeed feed;
    @Autowired
    TestCalendar calendar;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyEndpointAnswersBadInputWithAProblemAndChangesNothing() {
        BadInput fuzz = BadInput.at("http://localhost:" + port).header(GatewayCallers.HEADER, GatewayCallers.admin());
        BadInput.Endpoint[] endpoints = {
                fuzz.endpoint("GET", "/api/v1/products/popular"),
                // takes no input at all: nothing to send it that is bad
                fuzz.endpoint("POST", "/api/v1/admin/ranking/aggregate"),
                fuzz.endpoint("POST", "/api/v1/admin/ranking/rebuild").badQueries(
                        "", "from=2031-01-01", "to=2031-01-01", "from=abc&to=2031-01-01", "from=2031-01-01&to=abc",
                        "from=2031-01-02&to=2031-01-01", "from=2031-02-30&to=2031-03-01", "from=2031-01-01T00:00&to=2031-01-02",
                        "from=-1&to=2031-01-01", "from=20310101&to=20310102"),
                fuzz.endpoint("GET", "/api/v1/admin/ranking/audit")};
        BadInput.Report report = fuzz.runWithoutChange(context, this::state, endpoints);

        assertThat(report.requests()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void poisonOnTheOrderCompletedTopicIsDeadLetteredWithoutHoldingUpTheNextOrder() {
        LocalDate today = calendar.freshDayAtNoon();
        OrderCompleted next = anOrder().completedAt(kst(today, 10, 0)).of(newProduct(), 1).build();
        PoisonMessages poison = PoisonMessages.of("OrderCompleted");

        poison.sendAhead(feed.record(next, UUID.randomUUID()));

        feed.awaitRecorded(next);
        poison.awaitDeadLettered(Topics.deadLetter(Topics.ORDER_COMPLETED), Duration.ofSeconds(60));
    }

    /** What a request could change: the sales log, the daily sales, the aggregation's checkpoint. */
    private List<Object> state() {
        return List.of(
                jdbc.sql("SELECT count(*) FROM sales_log").query(Long.class).single(),
                jdbc.sql("SELECT count(*), coalesce(sum(quantity), 0) FROM daily_sales").query().listOfRows(),
                jdbc.sql("SELECT * FROM aggregation_checkpoint").query().listOfRows());
    }
}
