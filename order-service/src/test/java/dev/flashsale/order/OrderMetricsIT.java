package dev.flashsale.order;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.domain.OrderStatus;
import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters the saga dashboard and alerts read (infra/prometheus, infra/grafana), on the real
 * {@code /actuator/prometheus} after orders went through: one completed, one cancelled.
 */
@OrderIntegrationTest
class OrderMetricsIT {

    @Autowired
    RestTestClient http;
    @Autowired
    ScriptedParticipants participants;

    @Test
    void aCompletedAndACancelledOrderShowInTheSagaAndMessagingMetrics() {
        OrderApi orders = new OrderApi(http);
        long variant = newId();
        long soldOut = newId();
        participants.script(variant, Script.succeeding().unitPrice(5_000));
        participants.script(soldOut, Script.succeeding().rejectStock(ErrorCode.OUT_OF_STOCK));
        assertThat(orders.finished(orders.place(body(newId(), null, variant, 1))).status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(orders.finished(orders.place(body(newId(), null, soldOut, 1))).status()).isEqualTo(OrderStatus.CANCELLED);

        PrometheusScrape scrape = scrape();

        assertThat(scrape.value("order_saga_started_total")).isPositive();
        assertThat(scrape.value("order_saga_ended_total", "outcome", "completed", "reason", "none")).isPositive();
        assertThat(scrape.value("order_saga_ended_total", "outcome", "cancelled", "reason", "OUT_OF_STOCK")).isPositive();
        assertThat(scrape.value("order_saga_duration_seconds_bucket", "outcome", "completed", "le", "+Inf")).isPositive();
        assertThat(scrape.value("order_saga_step_latency_seconds_bucket", "step", "reserve_stock", "le", "+Inf")).isPositive();
        assertThat(scrape.value("order_saga_step_latency_seconds_count", "step", "deduct_balance")).isPositive();
        assertThat(scrape.contains("order_saga_open")).as("order_saga_open").isTrue();
        assertThat(scrape.contains("order_saga_failed")).as("order_saga_failed").isTrue();
        assertThat(scrape.contains("order_saga_late_replies_total")).as("order_saga_late_replies_total").isTrue();
        // The saga's messages left through the outbox and its replies came in through the inbox.
        assertThat(scrape.value("messaging_outbox_published_total", "topic", "ecommerce.stock-commands.v1")).isPositive();
        assertThat(scrape.value("messaging_outbox_lag_seconds_bucket", "topic", "ecommerce.order-completed.v1", "le", "+Inf")).isPositive();
        assertThat(scrape.value("messaging_inbox_handled_total", "consumer", "order-service", "type", "StockReserved")).isPositive();
        assertThat(scrape.value("messaging_relay_streaming")).isPositive();
        assertThat(scrape.samples()).as("the slot's retained WAL").anyMatch(sample -> sample.name().equals("messaging_relay_slot_retained_wal_bytes")
                && sample.labels().getOrDefault("slot", "").startsWith("outbox_"));
        assertThat(scrape.contains("kafka_consumer_fetch_manager_records_lag_max")).as("kafka_consumer_fetch_manager_records_lag_max").isTrue();
        assertThat(scrape.value("http_server_requests_seconds_bucket", "uri", "/api/v1/orders", "status", "202", "le", "+Inf")).isPositive();
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
    }
}
