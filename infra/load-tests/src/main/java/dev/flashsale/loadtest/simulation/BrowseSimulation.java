package dev.flashsale.loadtest.simulation;

import dev.flashsale.loadtest.LoadSettings;
import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.loadtest.fixture.Fixtures.VariantDraft;
import io.gatling.javaapi.core.ScenarioBuilder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 3, browsing: {@code load.browse.users} visitors (32) without a token, in a closed loop for
 * {@code load.browse.seconds} (30): half read a product page, a quarter a page of the catalog, a quarter the
 * popular products.
 */
public class BrowseSimulation extends CheckedSimulation {

    static final String PRODUCT = "product page";
    static final String CATALOG = "catalog page";
    static final String POPULAR = "popular products";

    private final int users = LoadSettings.parameter("browse.users", 32);
    private final int seconds = LoadSettings.parameter("browse.seconds", 30);
    private final int products = LoadSettings.parameter("browse.products", 20);
    private volatile List<Long> productIds = List.of();

    public BrowseSimulation() {
        ScenarioBuilder browsing = scenario("browse")
                .exec(session -> session.set("productId", productIds.get(ThreadLocalRandom.current().nextInt(productIds.size())))
                        .set("page", ThreadLocalRandom.current().nextInt(3)))
                .exec(randomSwitch().on(
                        percent(50.0).then(request(PRODUCT, http(PRODUCT).get("/api/v1/products/#{productId}"), 200)),
                        percent(25.0).then(request(CATALOG, http(CATALOG).get("/api/v1/products?page=#{page}&size=20"), 200)),
                        percent(25.0).then(exec(request(POPULAR, http(POPULAR).get("/api/v1/products/popular"), 200)))));
        setUp(afterBaseline(browsing.injectClosed(constantConcurrentUsers(users).during(Duration.ofSeconds(seconds)))))
                .protocols(protocol);
    }

    @Override
    protected String name() {
        return "browse";
    }

    @Override
    protected String description() {
        return users + " anonymous visitors for " + seconds + " s: product pages, catalog pages, popular products";
    }

    @Override
    protected void prepare() {
        productIds = Fixtures.parallel(products, i -> fixtures.product("catalog item " + i, List.of(
                new VariantDraft("S", 10_000 + i * 100L, 1000), new VariantDraft("M", 10_000 + i * 100L, 1000),
                new VariantDraft("L", 12_000 + i * 100L, 1000))).id());
    }
}
