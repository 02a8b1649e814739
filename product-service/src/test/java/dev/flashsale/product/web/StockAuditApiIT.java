package dev.flashsale.product.web;

import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.product.application.StockReservations;
import dev.flashsale.product.domain.StockAudit;
import dev.flashsale.product.domain.Variant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.List;

import static dev.flashsale.product.TestData.completed;
import static dev.flashsale.product.TestData.line;
import static dev.flashsale.product.TestData.newOrderId;
import static dev.flashsale.product.TestData.newVariants;
import static org.assertj.core.api.Assertions.assertThat;

@ProductIntegrationTest
class StockAuditApiIT {

    @Autowired
    RestTestClient http;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    StockReservations stock;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void accountsForEveryUnitOfAProductAfterReservationsSalesReleasesAndAdjustments() {
        List<Variant> variants = newVariants(catalog, 10, 20);
        Variant first = variants.get(0);
        Variant second = variants.get(1);
        long sold = newOrderId();
        long released = newOrderId();
        stock.reserve(new ReserveStock(sold, List.of(line(first, 3), line(second, 1))));
        stock.reserve(new ReserveStock(released, List.of(line(first, 2))));
        stock.reserve(new ReserveStock(newOrderId(), List.of(line(second, 4))));
        stock.sell(completed(sold, first, 3));
        stock.release(new ReleaseStock(released));
        catalog.adjustStock(first.id(), 5);

        StockAuditResponse audit = audit("?productId=" + first.productId());

        assertThat(audit.consistent()).isTrue();
        assertThat(audit.variants()).containsExactly(
                new StockAuditResponse.VariantAudit(first.id(), first.productId(), 10, 5, 12, 0, 3, 0, 3, true),
                new StockAuditResponse.VariantAudit(second.id(), second.productId(), 20, 0, 15, 4, 1, 4, 1, true));
        assertThat(audit.totals()).isEqualTo(new StockAudit.Totals(30, 5, 27, 4, 4));
    }

    @Test
    void findsTheWholeCatalogConsistentWithNoNegativeStock() {
        newVariants(catalog, 5);

        StockAuditResponse audit = audit("");

        assertThat(audit.consistent()).isTrue();
        assertThat(audit.negativeStockVariants()).isZero();
        assertThat(audit.inconsistentVariants()).isZero();
        assertThat(audit.variantCount()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM variant", Integer.class));
    }

    @Test
    void flagsAVariantWhoseReservedCounterNoReservationAccountsFor() {
        Variant variant = newVariants(catalog, 10).get(0);
        long orderId = newOrderId();
        // A reservation row that took no stock: what a bug that forgot to move the counters would leave behind.
        jdbc.update("""
                INSERT INTO stock_reservation (order_id, status, created_at, updated_at)
                VALUES (?, 'RESERVED', now(), now())""", orderId);
        jdbc.update("""
                INSERT INTO stock_reservation_line (order_id, variant_id, product_id, product_name, variant_name, quantity, unit_price)
                VALUES (?, ?, ?, 'p', 'v', 2, 100)""", orderId, variant.id(), variant.productId());
        try {
            StockAuditResponse audit = audit("?productId=" + variant.productId());

            assertThat(audit.consistent()).isFalse();
            assertThat(audit.inconsistentVariants()).isEqualTo(1);
            assertThat(audit.variants()).singleElement().satisfies(row -> {
                assertThat(row.reserved()).isZero();
                assertThat(row.heldByReservations()).isEqualTo(2);
                assertThat(row.consistent()).isFalse();
            });
        } finally {
            jdbc.update("DELETE FROM stock_reservation_line WHERE order_id = ?", orderId);
            jdbc.update("DELETE FROM stock_reservation WHERE order_id = ?", orderId);
        }
    }

    private StockAuditResponse audit(String query) {
        return http.get().uri("/api/v1/admin/products/audit" + query).exchange()
                .expectStatus().isOk()
                .expectBody(StockAuditResponse.class).returnResult().getResponseBody();
    }
}
