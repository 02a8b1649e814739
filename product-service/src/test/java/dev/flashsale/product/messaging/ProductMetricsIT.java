package dev.flashsale.product.messaging;

import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static dev.flashsale.product.TestData.completed;
import static dev.flashsale.product.TestData.line;
import static dev.flashsale.product.TestData.newOrderId;
import static dev.flashsale.product.TestData.newVariant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters the business dashboard and alerts read (infra/prometheus, infra/grafana), on the real
 * {@code /actuator/prometheus}: stock reserved and sold, and a reservation refused, through the broker.
 */
@ProductIntegrationTest
class ProductMetricsIT {

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    RestTestClient http;

    private final MessageCodec codec = new MessageCodec();

    @Test
    void reservationsSalesAndRefusalsShowInTheStockAndMessagingMetrics() throws Exception {
        Variant variant = newVariant(catalog, 5);
        long sold = newOrderId();
        send(new ReserveStock(sold, List.of(line(variant, 2))));
        send(completed(sold, variant, 2));
        send(new ReserveStock(newOrderId(), List.of(line(variant, 10))));
        http.get().uri("/api/v1/products/{id}", variant.productId()).exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.value("product_stock_reservations_total", "outcome", "reserved", "reason", "none")).isPositive();
            assertThat(scrape.value("product_stock_reservations_total", "outcome", "rejected", "reason", "OUT_OF_STOCK")).isPositive();
            assertThat(scrape.value("product_stock_sales_total")).isPositive();
            assertThat(scrape.value("messaging_inbox_handled_total", "consumer", "product-service", "type", "ReserveStock")).isPositive();
            assertThat(scrape.value("messaging_outbox_published_total", "topic", "ecommerce.order-saga-replies.v1")).isPositive();
            assertThat(scrape.value("http_server_requests_seconds_bucket", "uri", "/api/v1/products/{productId}", "le", "+Inf")).isPositive();
        });
    }

    private void send(Message command) throws Exception {
        kafka.send(codec.record(command, UUID.randomUUID(), ZoneId.of("Asia/Seoul"))).get();
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
    }
}
