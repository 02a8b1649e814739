package dev.flashsale.balance.messaging;

import dev.flashsale.balance.BalanceIntegrationTest;
import dev.flashsale.balance.Fixtures;
import dev.flashsale.balance.application.UserService;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters the business dashboard and alerts read (infra/prometheus, infra/grafana), on the real
 * {@code /actuator/prometheus}: a charge, a refused charge, and an order paid and refunded through the saga.
 */
@BalanceIntegrationTest
class BalanceMetricsIT {

    @Autowired
    RestTestClient http;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    MessageCodec codec;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    @Test
    void chargesPaymentsRefundsAndRefusalsShowInTheBalanceAndMessagingMetrics() {
        long userId = new Fixtures(users, jdbc).newUser();
        long orderId = Fixtures.nextOrderId();
        assertThat(Fixtures.chargeStatus(http, userId, 10_000)).isEqualTo(200);
        assertThat(Fixtures.chargeStatus(http, userId, 100_000_000)).isEqualTo(409);
        try (OrderSagaPlayer saga = new OrderSagaPlayer(kafka, codec)) {
            saga.send(new DeductBalance(orderId, userId, 3_000));
            saga.send(new RefundBalance(orderId, userId));
            assertThat(saga.awaitReplies(orderId, 2).get(1)).isInstanceOf(BalanceRefunded.class);
        }

        // Money is counted once its transaction commits, so the scrape may trail the reply by a moment.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.value("balance_charged_won_count")).isPositive();
            assertThat(scrape.value("balance_charged_won_sum")).isPositive();
            assertThat(scrape.value("balance_deducted_won_sum")).isPositive();
            assertThat(scrape.value("balance_refunded_won_sum")).isPositive();
            assertThat(scrape.value("balance_rejections_total", "operation", "charge", "code", "BALANCE_LIMIT_EXCEEDED")).isPositive();
            assertThat(scrape.value("messaging_inbox_handled_total", "consumer", "balance-service", "type", "DeductBalance")).isPositive();
            assertThat(scrape.value("messaging_outbox_published_total", "topic", "ecommerce.order-saga-replies.v1")).isPositive();
            assertThat(scrape.value("http_server_requests_seconds_bucket", "uri", "/api/v1/users/{userId}/balance/charge", "status", "409", "le", "+Inf")).isPositive();
        });
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
    }
}
