package dev.flashsale.product.web;

import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.TestData;
import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.testkit.GatewayCallers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Product-service checks who calls, whoever reaches it: anyone the gateway lets through reads the catalogue, only an
 * admin changes it, and a request without a caller identity the gateway signed gets nothing.
 */
@ProductIntegrationTest
class CallerChecksIT {

    private static final String PRODUCT = """
            {"name": "made by a user", "variants": [{"name": "M", "price": 1000, "stock": 5}]}""";

    @Autowired
    RestTestClient http;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aVisitorReadsTheCatalogue() {
        Variant variant = TestData.newVariant(catalog, 5);

        http.get().uri("/api/v1/products/{id}", variant.productId()).header(GatewayCallers.HEADER, GatewayCallers.anonymous())
                .exchange().expectStatus().isOk();
        http.get().uri("/api/v1/products").header(GatewayCallers.HEADER, GatewayCallers.anonymous())
                .exchange().expectStatus().isOk();
    }

    @Test
    void aUserWhoIsNoAdminChangesNothing() {
        Variant variant = TestData.newVariant(catalog, 5);
        String user = GatewayCallers.user(TestData.newOrderId());
        Integer products = jdbc.queryForObject("SELECT count(*) FROM product", Integer.class);

        http.post().uri("/api/v1/admin/products").header(GatewayCallers.HEADER, user)
                .contentType(MediaType.APPLICATION_JSON).body(PRODUCT).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.detail").isEqualTo("this needs the admin role");
        http.patch().uri("/api/v1/admin/variants/{id}/stock", variant.id()).header(GatewayCallers.HEADER, user)
                .contentType(MediaType.APPLICATION_JSON).body("{\"delta\": 1000}").exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/admin/products/audit").header(GatewayCallers.HEADER, user).exchange()
                .expectStatus().isForbidden();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM product", Integer.class)).isEqualTo(products);
        assertThat(stockOf(variant)).isEqualTo(5);
    }

    @Test
    void aRequestWithoutAValidCallerIdentityIsUnauthorized() {
        Variant variant = TestData.newVariant(catalog, 5);

        for (String identity : new String[]{"", "v1;u=1;r=admin;e=9999999999;s=forged"}) {
            http.get().uri("/api/v1/products/{id}", variant.productId()).header(GatewayCallers.HEADER, identity).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
            http.patch().uri("/api/v1/admin/variants/{id}/stock", variant.id()).header(GatewayCallers.HEADER, identity)
                    .contentType(MediaType.APPLICATION_JSON).body("{\"delta\": 1000}").exchange()
                    .expectStatus().isUnauthorized();
        }

        assertThat(stockOf(variant)).isEqualTo(5);
    }

    private Integer stockOf(Variant variant) {
        return jdbc.queryForObject("SELECT orderable FROM variant WHERE id = ?", Integer.class, variant.id());
    }
}
