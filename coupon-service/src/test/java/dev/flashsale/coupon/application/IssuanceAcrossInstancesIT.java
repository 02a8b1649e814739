package dev.flashsale.coupon.application;

import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.coupon.CouponRows;
import dev.flashsale.coupon.CouponServiceApplication;
import dev.flashsale.coupon.IssueClient;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.coupon.IssueClient.Answer;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.MutableClock;
import dev.flashsale.testkit.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static dev.flashsale.coupon.TestUsers.knownUsers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the service on one database, as replicas run: this test's context, and two more application
 * contexts started beside it on the same database (their relays and listeners off: one instance streams the outbox,
 * and another replica consumes the events). Each keeps its own memory of who holds what; the second one keeps none
 * ({@code holders-in-memory=0}), so it answers from the database's index. Whatever one instance changed, the others'
 * answers stay true; a stampede on all three at once issues exactly the coupon's quantity.
 */
@CouponIntegrationTest
class IssuanceAcrossInstancesIT {

    private static ConfigurableApplicationContext otherInstance;
    private static ConfigurableApplicationContext thirdInstance;

    @LocalServerPort
    int port;
    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    Environment environment;

    private IssueClient here;
    private IssueClient there;
    private IssueClient third;

    @BeforeEach
    void bothInstances() {
        if (otherInstance == null) {
            otherInstance = anotherInstance("--flashsale.coupon.issuance.holders-in-memory=0");
            thirdInstance = anotherInstance();
        }
        here = new IssueClient(port);
        there = new IssueClient(((WebServerApplicationContext) otherInstance).getWebServer().getPort());
        third = new IssueClient(((WebServerApplicationContext) thirdInstance).getWebServer().getPort());
    }

    /** One more coupon-service on this test's database and broker, with its own memory ({@code settings} added). */
    private ConfigurableApplicationContext anotherInstance(String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
                "--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafkaBootstrapServers(),
                "--server.port=0",
                "--" + GatewayCallers.SECRET_PROPERTY,
                "--flashsale.messaging.relay.enabled=false",
                "--spring.kafka.listener.auto-startup=false",
                "--logging.level.root=WARN"));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(CouponServiceApplication.class).run(arguments.toArray(String[]::new));
    }

    @AfterAll
    static void stopTheOtherInstance() {
        if (otherInstance != null) {
            otherInstance.close();
            otherInstance = null;
        }
        if (thirdInstance != null) {
            thirdInstance.close();
            thirdInstance = null;
        }
    }

    @Test
    void issuesExactlyTheTotalOncePerUserAndTellsEveryHolderSoWhenEveryUserAsksThreeInstancesAtOnce() {
        long couponId = aCoupon(clock).quantity(300).create(http);
        List<Long> users = knownUsers(jdbc, 1_000);
        List<IssueClient> instances = List.of(here, there, third);

        List<List<Answer>> requests = Concurrently.run(instances.size() * users.size(), 200,
                i -> instances.get(i % instances.size()).issueUntilDefinite(couponId, users.get(i / instances.size())));

        Map<Long, Long> holders = holders(couponId);
        assertThat(holders).hasSize(300);
        assertThat(issuedCounter(couponId)).isEqualTo(300);
        Map<Long, List<Answer>> byUser = new HashMap<>();
        for (List<Answer> tries : requests) {
            Answer last = tries.get(tries.size() - 1);
            assertThat(last.status()).as("final answer to user %d", last.userId()).isIn(201, 409);
            byUser.computeIfAbsent(last.userId(), u -> new ArrayList<>()).addAll(tries);
        }
        byUser.forEach((user, answers) -> {
            List<Answer> issued = answers.stream().filter(Answer::issued).toList();
            if (holders.containsKey(user)) {
                assertThat(issued).as("201s to holder %d", user).hasSizeLessThanOrEqualTo(1)
                        .allSatisfy(answer -> assertThat(answer.userCouponId()).isEqualTo(holders.get(user)));
                assertThat(answers).as("holder %d", user).filteredOn(answer -> !answer.issued() && answer.status() != 503)
                        .extracting(Answer::code).containsOnly("COUPON_ALREADY_ISSUED");
                if (issued.isEmpty()) {
                    assertThat(answers).as("a holder never told 201 was told 503 first").anyMatch(a -> a.status() == 503);
                }
            } else {
                assertThat(answers).as("user %d", user).filteredOn(answer -> answer.status() != 503)
                        .extracting(Answer::code).containsOnly("COUPON_SOLD_OUT");
            }
        });
        // Afterwards, every instance answers everyone from what it knows or reads: holders, then sold out.
        for (Long user : users.subList(0, 100)) {
            String expected = holders.containsKey(user) ? "COUPON_ALREADY_ISSUED" : "COUPON_SOLD_OUT";
            assertThat(here.issue(couponId, user).code()).as("user %d here", user).isEqualTo(expected);
            assertThat(there.issue(couponId, user).code()).as("user %d there", user).isEqualTo(expected);
            assertThat(third.issue(couponId, user).code()).as("user %d at the third", user).isEqualTo(expected);
        }
    }

    @Test
    void answersTrulyWhatTheOtherInstanceChangedAfterThisOneLastLooked() {
        long couponId = aCoupon(clock).quantity(3).create(http);
        long first = knownUser(jdbc);
        long second = knownUser(jdbc);
        long third = knownUser(jdbc);
        assertThat(here.issue(couponId, first).issued()).isTrue();

        // The other instance issues one, and then the last one: this instance has seen neither.
        assertThat(there.issue(couponId, second).issued()).isTrue();
        assertThat(here.issue(couponId, second).code()).isEqualTo("COUPON_ALREADY_ISSUED");
        assertThat(there.issue(couponId, third).issued()).isTrue();

        assertThat(here.issue(couponId, knownUser(jdbc)).code()).isEqualTo("COUPON_SOLD_OUT");
        assertThat(here.issue(couponId, third).code()).as("a holder this instance never saw issued")
                .isEqualTo("COUPON_ALREADY_ISSUED");
        assertThat(here.issue(couponId, first).code()).isEqualTo("COUPON_ALREADY_ISSUED");
        assertThat(there.issue(couponId, first).code()).isEqualTo("COUPON_ALREADY_ISSUED");
        assertThat(there.issue(couponId, knownUser(jdbc)).code()).isEqualTo("COUPON_SOLD_OUT");
        assertThat(holders(couponId)).containsOnlyKeys(first, second, third);
    }

    @Test
    void knowsAUserWhoseRegistrationAnotherInstanceConsumedAfterBothWarmedUp() {
        long couponId = aCoupon(clock).quantity(10).create(http);
        assertThat(here.issue(couponId, knownUser(jdbc)).issued()).isTrue();
        assertThat(there.issue(couponId, knownUser(jdbc)).issued()).isTrue();

        // Written straight into known_user, as the replica that consumed the UserRegistered event would.
        long registeredElsewhere = knownUser(jdbc);

        assertThat(here.issue(couponId, registeredElsewhere).issued()).isTrue();
        assertThat(there.issue(couponId, registeredElsewhere).code()).isEqualTo("COUPON_ALREADY_ISSUED");
    }

    private Map<Long, Long> holders(long couponId) {
        return CouponRows.holders(jdbc, couponId);
    }

    private long issuedCounter(long couponId) {
        return CouponRows.issuedCounter(jdbc, couponId);
    }
}
