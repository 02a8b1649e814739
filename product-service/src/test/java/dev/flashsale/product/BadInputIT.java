package dev.flashsale.product;

import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.testkit.BadInput;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.PoisonMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Bad input of every kind to every endpoint: each answer a 4xx problem with a stable code, and the catalog
 * unchanged; poison on the command topic parked on its dead-letter topic while the next command goes through.
 */
@ProductIntegrationTest
class BadInputIT {

    private static final long UNKNOWN = 987_654_321L;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyEndpointAnswersBadInputWithAProblemAndChangesNothing() {
        // Nothing orderable, so a delta of -1 is refused (OUT_OF_STOCK) instead of taking a unit away.
        Variant empty = TestData.newVariant(catalog, 0);
        BadInput fuzz = BadInput.at("http://localhost:" + port).header(GatewayCallers.HEADER, GatewayCallers.admin());
        BadInput.Endpoint[] endpoints = {
                fuzz.endpoint("POST", "/api/v1/admin/products")
                        .body("{\"name\": \"tee\", \"description\": \"cotton\", \"variants\": [{\"name\": \"M\", \"price\": 19000, \"stock\": 100}]}")
                        .optional("description"),
                fuzz.endpoint("PATCH", "/api/v1/admin/variants/{variantId}/stock", empty.id()).body("{\"delta\": 5}")
                        .unknownPath(UNKNOWN),
                fuzz.endpoint("GET", "/api/v1/admin/products/audit").badQueries("productId=abc", "productId=99999999999999999999"),
                fuzz.endpoint("GET", "/api/v1/products").badQueries("page=-1", "page=abc", "size=0", "size=101"),
                fuzz.endpoint("GET", "/api/v1/products/{productId}", empty.productId()).unknownPath(UNKNOWN)};
        fuzz.runWithoutChange(context, this::catalogState, endpoints);
    }

    @Test
    void poisonOnTheCommandTopicIsDeadLetteredWithoutHoldingUpTheNextCommand() {
        Variant variant = TestData.newVariant(catalog, 5);
        long orderId = TestData.newOrderId();
        PoisonMessages poison = PoisonMessages.of("ReserveStock");

        poison.sendAhead(new MessageCodec().record(new ReserveStock(orderId, List.of(TestData.line(variant, 2))),
                UUID.randomUUID(), ZoneId.of("Asia/Seoul")));

        await().atMost(Duration.ofSeconds(60)).until(() -> new StockRows(jdbc).status(orderId) != null);
        poison.awaitDeadLettered(Topics.deadLetter(Topics.STOCK_COMMANDS), Duration.ofSeconds(60));
    }

    /** What an admin request could change: products, variants and their stock adjustments, idempotency keys. */
    private List<Object> catalogState() {
        return List.of(
                jdbc.queryForList("SELECT count(*), coalesce(max(id), 0) FROM product"),
                jdbc.queryForList("SELECT count(*), coalesce(sum(initial_stock), 0), coalesce(sum(stock_adjustment), 0) FROM variant"),
                jdbc.queryForList("SELECT count(*) FROM messaging.idempotency_key"));
    }
}
