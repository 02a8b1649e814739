package dev.flashsale.product.web;

import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.application.StockReservations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.flashsale.product.TestData.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ProductIntegrationTest
class CatalogApiIT {

    @Autowired
    RestTestClient http;
    @Autowired
    StockReservations stock;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createsAProductWithItsVariantsAndShowsItToCustomers() {
        ProductResponse created = http.post().uri("/api/v1/admin/products").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"name": "tee", "description": "heavy cotton",
                         "variants": [{"name": "M/black", "price": 19000, "stock": 100},
                                      {"name": "L/black", "price": 21000, "stock": 0}]}""")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).matches("/api/v1/products/\\d+"))
                .returnResult(ProductResponse.class).getResponseBody();

        assertThat(created.name()).isEqualTo("tee");
        assertThat(created.description()).isEqualTo("heavy cotton");
        assertThat(created.variants()).extracting(ProductResponse.VariantView::name, ProductResponse.VariantView::price,
                        ProductResponse.VariantView::stock)
                .containsExactly(tuple("M/black", 19_000L, 100),
                        tuple("L/black", 21_000L, 0));
        http.get().uri("/api/v1/products/{id}", created.productId()).exchange()
                .expectStatus().isOk()
                .expectBody(ProductResponse.class).isEqualTo(created);
    }

    @Test
    void showsAsStockOnlyWhatCanStillBeOrdered() {
        ProductResponse product = create("stock shown", 100);
        long variantId = product.variants().get(0).variantId();

        stock.reserve(new ReserveStock(newOrderId(), List.of(new OrderLine(variantId, 3))));

        http.get().uri("/api/v1/products/{id}", product.productId()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.variants[0].stock").isEqualTo(97);
    }

    @Test
    void listsProductsPageByPageInIdOrderWithTheirVariants() {
        ProductResponse first = create("paged 1", 1);
        ProductResponse second = create("paged 2", 2);
        long total = jdbc.queryForObject("SELECT count(*) FROM product", Long.class);
        long before = jdbc.queryForObject("SELECT count(*) FROM product WHERE id < ?", Long.class, first.productId());

        http.get().uri("/api/v1/products?page={page}&size=1", before).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].productId").isEqualTo(first.productId())
                .jsonPath("$.items[0].variants[0].stock").isEqualTo(1)
                .jsonPath("$.page").isEqualTo(before)
                .jsonPath("$.size").isEqualTo(1)
                .jsonPath("$.totalItems").isEqualTo(total)
                .jsonPath("$.totalPages").isEqualTo(total);
        http.get().uri("/api/v1/products?page={page}&size=1", before + 1).exchange()
                .expectBody().jsonPath("$.items[0].productId").isEqualTo(second.productId());
    }

    @Test
    void answersProductNotFoundForAProductOrVariantThatDoesNotExist() {
        http.get().uri("/api/v1/products/{id}", Long.MAX_VALUE).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("PRODUCT_NOT_FOUND");
        http.patch().uri("/api/v1/admin/variants/{id}/stock", Long.MAX_VALUE).contentType(MediaType.APPLICATION_JSON)
                .body("{\"delta\": 5}").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("PRODUCT_NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"variants\": [{\"name\": \"M\", \"price\": 1000, \"stock\": 1}]}",
            "{\"name\": \"  \", \"variants\": [{\"name\": \"M\", \"price\": 1000, \"stock\": 1}]}",
            "{\"name\": \"tee\", \"variants\": []}",
            "{\"name\": \"tee\"}",
            "{\"name\": \"tee\", \"variants\": [{\"name\": \"M\", \"price\": -1, \"stock\": 1}]}",
            "{\"name\": \"tee\", \"variants\": [{\"name\": \"M\", \"price\": 1000, \"stock\": -1}]}",
            "{\"name\": \"tee\", \"variants\": [{\"name\": \"M\", \"price\": 1000}]}",
            "{\"name\": \"tee\", \"variants\": [{\"name\": \"M\", \"price\": 1000, \"stock\": 1}, {\"name\": \"m\", \"price\": 1000, \"stock\": 1}]}",
            "{\"name\": \"tee\", \"variants\": [{\"name\": \"M\", \"price\": \"cheap\", \"stock\": 1}]}",
            "{\"name\": \"tee\", \"variants\": [{\"name\": \"M\", \"price\": 1000, \"stock\": 1}",
            "{\"name\": \"tee\", \"variants\": [null]}"})
    void refusesAnInvalidProductWithValidationFailedAndCreatesNothing(String body) {
        long productsBefore = jdbc.queryForObject("SELECT count(*) FROM product", Long.class);

        http.post().uri("/api/v1/admin/products").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM product", Long.class)).isEqualTo(productsBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=-1", "size=0", "size=101", "page=first"})
    void refusesAPageOutsideItsLimits(String query) {
        http.get().uri("/api/v1/products?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void addsAndTakesAwayStockButNeverMoreThanIsOrderable() {
        long variantId = create("adjusted", 10).variants().get(0).variantId();

        adjust(variantId, "{\"delta\": 50}").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.variantId").isEqualTo(variantId)
                .jsonPath("$.stock").isEqualTo(60);
        adjust(variantId, "{\"delta\": -61}").expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.code").isEqualTo("OUT_OF_STOCK")
                .jsonPath("$.detail").isEqualTo("variant " + variantId + " has 60 orderable, cannot take away 61");
        adjust(variantId, "{\"delta\": -60}").expectStatus().isOk()
                .expectBody().jsonPath("$.stock").isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"delta\": 0}", "{}", "{\"delta\": 1.5}", "{\"delta\": 99999999999}", "not json"})
    void refusesAStockAdjustmentThatIsNotAWholeNonZeroNumberAndChangesNothing(String body) {
        long variantId = create("badly adjusted", 10).variants().get(0).variantId();

        adjust(variantId, body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");

        assertThat(jdbc.queryForObject("SELECT orderable FROM variant WHERE id = ?", Integer.class, variantId)).isEqualTo(10);
    }

    @Test
    void appliesAStockAdjustmentRetriedWithItsIdempotencyKeyOnce() {
        long variantId = create("retried", 10).variants().get(0).variantId();
        String key = UUID.randomUUID().toString();

        for (int attempt = 0; attempt < 3; attempt++) {
            http.patch().uri("/api/v1/admin/variants/{id}/stock", variantId).header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).body("{\"delta\": 5}").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.stock").isEqualTo(15);
        }
        http.patch().uri("/api/v1/admin/variants/{id}/stock", variantId).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).body("{\"delta\": 6}").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");

        assertThat(jdbc.queryForObject("SELECT orderable FROM variant WHERE id = ?", Integer.class, variantId)).isEqualTo(15);
    }

    @Test
    void createsAProductRetriedWithItsIdempotencyKeyOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\": \"once " + key + "\", \"variants\": [{\"name\": \"M\", \"price\": 1000, \"stock\": 1}]}";

        List<Long> ids = IntStream.range(0, 2).mapToObj(attempt -> http.post()
                        .uri("/api/v1/admin/products").header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                        .expectStatus().isCreated()
                        .returnResult(ProductResponse.class).getResponseBody().productId())
                .toList();

        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product WHERE name = ?", Long.class, "once " + key)).isEqualTo(1);
    }

    private ProductResponse create(String name, int stock) {
        return http.post().uri("/api/v1/admin/products").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"" + name + "\", \"variants\": [{\"name\": \"one size\", \"price\": 5000, \"stock\": " + stock + "}]}")
                .exchange()
                .expectStatus().isCreated()
                .returnResult(ProductResponse.class).getResponseBody();
    }

    private RestTestClient.ResponseSpec adjust(long variantId, String body) {
        return http.patch().uri("/api/v1/admin/variants/{id}/stock", variantId).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange();
    }
}
