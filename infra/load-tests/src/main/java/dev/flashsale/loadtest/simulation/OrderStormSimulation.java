package dev.flashsale.loadtest.simulation;

import dev.flashsale.loadtest.LoadSettings;
import dev.flashsale.loadtest.fixture.Fixtures.Product;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.loadtest.fixture.Fixtures.VariantDraft;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 2, the order storm: {@code load.storm.buyers} buyers (150) arrive over {@code load.storm.seconds}
 * (30) and each places {@code load.storm.orders} orders (2) for one of three hot variants of one product, one
 * to three units, half of them with a coupon on their first order; each waits for the outcome before the next
 * order. Stock covers only part of the demand and a fifth of the buyers have no money, so orders complete,
 * run out of stock, lack balance or find their coupon used. Meanwhile {@code load.storm.chargers} other users
 * (20) keep charging their balances. The figure that matters is submit → ended: the whole saga as a client
 * sees it.
 *
 * <p>150 buyers (about 10 orders a second) is what the whole stack, Gatling included, serves on two cores
 * with every saga ending in seconds; 400 is past that, and shows how it degrades (docs/services/load-tests.md).
 */
public class OrderStormSimulation extends CheckedSimulation {

    static final String SUBMIT = "order submit";
    static final String ENDED = "order submit -> ended";
    static final String CHARGE = "balance charge";
    private static final String AUTH = "Bearer #{token}";

    private final int buyers = LoadSettings.parameter("storm.buyers", 150);
    private final int seconds = LoadSettings.parameter("storm.seconds", 30);
    private final int ordersPerBuyer = LoadSettings.parameter("storm.orders", 2);
    private final int chargers = LoadSettings.parameter("storm.chargers", 20);
    private final int maxPolls = LoadSettings.parameter("storm.max-polls", 24);
    private final LazyFeeder buyerFeed = new LazyFeeder();
    private final LazyFeeder chargerFeed = new LazyFeeder();
    private volatile List<Long> hotVariants = List.of();

    public OrderStormSimulation() {
        ScenarioBuilder buying = scenario("order storm: buyers")
                .feed(buyerFeed)
                .repeat(ordersPerBuyer, "n").on(order());
        ScenarioBuilder charging = scenario("order storm: chargers")
                .feed(chargerFeed)
                .during(Duration.ofSeconds(seconds)).on(
                        exec(request(CHARGE, http(CHARGE).post("/api/v1/users/#{userId}/balance/charge")
                                .header("Authorization", AUTH)
                                .body(StringBody("{\"amount\": 1000}")), 200))
                                .pause(Duration.ofMillis(200)));
        setUp(afterBaseline(
                buying.injectOpen(rampUsers(buyers).during(Duration.ofSeconds(seconds))),
                charging.injectOpen(atOnceUsers(chargers))))
                .protocols(protocol);
    }

    /** Submit, then read the order with {@code waitMs} until it is no longer PENDING (or the client gives up). */
    private ChainBuilder order() {
        return exec(session -> session.remove("orderId").remove("failureReason").set("orderStatus", "PENDING"))
                .exec(request(SUBMIT, http(SUBMIT).post("/api/v1/orders")
                        .header("Authorization", AUTH)
                        .body(StringBody(this::orderBody))
                        .check(jsonPath("$.orderId").optional().saveAs("orderId")), 202))
                .doIf(session -> session.contains("orderId")).then(
                        exec(session -> session.set("submittedAt", session.getLong("t0")))
                                .asLongAs(session -> "PENDING".equals(session.getString("orderStatus")), "polls").on(
                                        exec(http("order read ?waitMs=5000").get("/api/v1/orders/#{orderId}?waitMs=5000")
                                                .header("Authorization", AUTH)
                                                .check(jsonPath("$.status").optional().saveAs("orderStatus"),
                                                        jsonPath("$.failureReason").optional().saveAs("failureReason")))
                                                .exec(session -> session.getInt("polls") + 1 >= maxPolls
                                                        && "PENDING".equals(session.getString("orderStatus"))
                                                        ? session.set("orderStatus", "CLIENT_GAVE_UP") : session)
                                                .doIf(session -> "PENDING".equals(session.getString("orderStatus")))
                                                .then(pause(Duration.ofMillis(500))))
                                .exec(this::recordOutcome));
    }

    private Session recordOutcome(Session session) {
        long submitted = session.getLong("submittedAt");
        String status = session.getString("orderStatus");
        String outcome = "CANCELLED".equals(status) && session.contains("failureReason") ? session.getString("failureReason") : status;
        recorder.record(ENDED, submitted, System.currentTimeMillis() - submitted, outcome);
        return session;
    }

    private String orderBody(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long variant = hotVariants.get(random.nextInt(hotVariants.size()));
        int quantity = 1 + random.nextInt(3);
        boolean withCoupon = session.contains("userCouponId") && session.getInt("n") == 0;
        return "{\"userId\": " + session.getLong("userId") + ", \"items\": [{\"variantId\": " + variant + ", \"quantity\": "
                + quantity + "}]" + (withCoupon ? ", \"userCouponId\": " + session.getLong("userCouponId") : "") + "}";
    }

    @Override
    protected String name() {
        return "order storm";
    }

    @Override
    protected String description() {
        return buyers + " buyers x " + ordersPerBuyer + " orders of 3 hot variants over " + seconds + " s (half with a coupon), "
                + chargers + " users charging meanwhile";
    }

    @Override
    protected void prepare() {
        long stock = Math.max(10, Math.round(buyers * 0.6));
        Product hot = fixtures.product("hot tee", List.of(new VariantDraft("S", 10_000, stock),
                new VariantDraft("M", 15_000, stock), new VariantDraft("L", 20_000, stock)));
        hotVariants = hot.variantIds();

        List<User> people = fixtures.users(buyers, "buyer");
        // A fifth cannot pay at all; the rest can pay for one to three orders.
        fixtures.charge(people, i -> i % 5 == 0 ? 0L : 20_000L + (i % 7) * 10_000L);
        List<User> holders = new ArrayList<>();
        for (int i = 0; i < people.size(); i += 2) {
            holders.add(people.get(i));
        }
        fixtures.awaitCouponServiceKnows(holders, Duration.ofMinutes(2));
        long coupon = fixtures.coupon("storm coupon", 3000, holders.size());
        List<Long> userCoupons = fixtures.issue(coupon, holders);

        List<Map<String, Object>> feed = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            Map<String, Object> record = new HashMap<>();
            record.put("userId", people.get(i).id());
            record.put("token", people.get(i).token());
            if (i % 2 == 0) {
                record.put("userCouponId", userCoupons.get(i / 2));
            }
            feed.add(record);
        }
        buyerFeed.fill(feed);
        chargerFeed.fill(fixtures.users(chargers, "charger").stream()
                .map(user -> Map.<String, Object>of("userId", user.id(), "token", user.token())).toList());
    }
}
