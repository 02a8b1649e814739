package dev.flashsale.product.benchmark;

import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.testkit.GatewayCallers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether the catalog needs a cache: product pages read straight from PostgreSQL over real HTTP, with 10,000
 * products of 3 variants each in the table. Run with {@code mvn -o -pl product-service verify -Pbenchmark}.
 */
@Tag("benchmark")
@ProductIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogReadBenchmarkIT {

    private static final int PRODUCTS = 10_000;
    private static final int THREADS = 16;
    /** A visitor's read, as the gateway passes it on. */
    private static final String ANONYMOUS = GatewayCallers.anonymous();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient client = HttpClient.newHttpClient();
    private List<Long> productIds;

    @BeforeAll
    void fillTheCatalog() {
        productIds = jdbc.queryForList("""
                WITH created AS (
                    INSERT INTO product (name, description, created_at)
                    SELECT 'benchmark product ' || n, 'a product to read', now() FROM generate_series(1, ?) AS n
                    RETURNING id)
                SELECT id FROM created ORDER BY id""", Long.class, PRODUCTS);
        jdbc.update("""
                INSERT INTO variant (product_id, name, price, initial_stock, orderable, reserved, sold, created_at)
                SELECT p.id, 'option ' || v, 10000 + v * 1000, 100, 100, 0, 0, now()
                FROM unnest(?::bigint[]) AS p(id), generate_series(1, 3) AS v""",
                (Object) productIds.toArray(Long[]::new));
        jdbc.execute("ANALYZE product");
        jdbc.execute("ANALYZE variant");
    }

    @Test
    void readsOneProductWithItsVariants() throws Exception {
        Measurement.run("(warm-up)", THREADS, 2_000, i -> get("/api/v1/products/" + randomProduct()));
        Measurement.run("GET /api/v1/products/{id}, 10,000 products", THREADS, 20_000,
                i -> get("/api/v1/products/" + randomProduct()));
    }

    @Test
    void readsAPageOfTwentyProducts() throws Exception {
        int pages = PRODUCTS / 20;
        Measurement.run("(warm-up)", THREADS, 1_000, i -> get("/api/v1/products?size=20&page=" + i % pages));
        Measurement.run("GET /api/v1/products?size=20, random page", THREADS, 10_000,
                i -> get("/api/v1/products?size=20&page=" + ThreadLocalRandom.current().nextInt(pages)));
    }

    /** What PostgreSQL does for one product read, independent of how busy the machine's HTTP stack is. */
    @Test
    void readsAProductThroughIndexesInWellUnderAMillisecond() {
        long productId = randomProduct();
        String product = explain("SELECT * FROM product WHERE id = " + productId);
        String variants = explain("SELECT * FROM variant WHERE product_id IN (" + productId + ") ORDER BY product_id, id");

        assertThat(product).contains("product_pkey").doesNotContain("Seq Scan");
        assertThat(variants).contains("variant_name_unique_per_product").doesNotContain("Seq Scan");
        System.out.printf("BENCHMARK %-58s %s | %s%n", "server time of a product read (product | variants)",
                executionTime(product), executionTime(variants));
    }

    private String explain(String sql) {
        return String.join("\n", jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + sql, String.class));
    }

    private static String executionTime(String plan) {
        return plan.lines().filter(line -> line.startsWith("Execution Time")).findFirst().orElseThrow();
    }

    private long randomProduct() {
        return productIds.get(ThreadLocalRandom.current().nextInt(productIds.size()));
    }

    private void get(String path) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header(GatewayCallers.HEADER, ANONYMOUS).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
