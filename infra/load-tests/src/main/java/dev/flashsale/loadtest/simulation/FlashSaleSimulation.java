package dev.flashsale.loadtest.simulation;

import dev.flashsale.loadtest.LoadSettings;
import dev.flashsale.loadtest.check.Result;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.loadtest.report.Recorder;
import io.gatling.javaapi.core.ScenarioBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Scenario 1, the flash sale: {@code load.flash.users} users (2,000) press "get coupon" for one coupon of
 * {@code load.flash.quantity} (100) at the same instant, each once, with their own token. Exactly the
 * quantity must be issued, each to a different user, and everyone else told {@code COUPON_SOLD_OUT}.
 */
public class FlashSaleSimulation extends CheckedSimulation {

    static final String ISSUE = "coupon issue";

    private final int users = LoadSettings.parameter("flash.users", 2000);
    private final int quantity = LoadSettings.parameter("flash.quantity", 100);
    private final LazyFeeder claimants = new LazyFeeder();
    private long couponId;

    public FlashSaleSimulation() {
        ScenarioBuilder sale = scenario("flash sale")
                .feed(claimants)
                .exec(request(ISSUE, http(ISSUE).post("/api/v1/coupons/#{couponId}/issue")
                        .header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"userId\": #{userId}}")), 201, 409));
        setUp(afterBaseline(sale.injectOpen(atOnceUsers(users)))).protocols(protocol);
    }

    @Override
    protected String name() {
        return "flash sale";
    }

    @Override
    protected String description() {
        return users + " users claim one coupon of " + quantity + " at once";
    }

    @Override
    protected void prepare() {
        List<User> people = fixtures.users(users, "claimant");
        fixtures.awaitCouponServiceKnows(people, Duration.ofMinutes(2));
        couponId = fixtures.coupon("flash sale coupon", 5000, quantity);
        claimants.fill(people.stream()
                .map(user -> Map.<String, Object>of("userId", user.id(), "token", user.token(), "couponId", couponId))
                .toList());
    }

    @Override
    protected List<Result> scenarioChecks(Map<String, Recorder.Row> rows) {
        Recorder.Row issue = rows.get(ISSUE);
        long issuedAnswers = count(issue, "201");
        long soldOut = count(issue, "COUPON_SOLD_OUT");
        long issued = api.asAdmin("GET", "/api/v1/admin/coupons/" + couponId + "/audit", null)
                .expect(200, "coupon audit").body().path("issued").asLong();
        long expected = Math.min(users, quantity);
        return List.of(
                Result.of("flash sale: issued = quantity = 201 answers", issued == expected && issuedAnswers == expected,
                        issued + " issued, " + issuedAnswers + " answered 201, quantity " + quantity),
                Result.of("flash sale: every other claimant told COUPON_SOLD_OUT", soldOut == users - expected,
                        soldOut + " of " + (users - expected)));
    }
}
