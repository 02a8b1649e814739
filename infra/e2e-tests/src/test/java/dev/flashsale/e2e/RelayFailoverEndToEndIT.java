package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Http;
import dev.flashsale.e2e.support.Http.Answer;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.Product;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.loadtest.check.Checker;
import dev.flashsale.loadtest.check.Verdict;
import dev.flashsale.localstack.ServiceSpec;
import dev.flashsale.localstack.client.Api;
import dev.flashsale.testkit.Concurrently;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.flashsale.e2e.support.Shop.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of every service behind one gateway. Both report ready while only one per database streams its
 * outbox; during an order storm and a coupon stampede the instance streaming each service's relay is SIGKILLed in
 * turn, and the other must take the relay over within 10 s. Afterwards every invariant of the load suite's checker
 * holds (every saga ended, money, stock and coupons conserved, each completed order once on
 * {@code ecommerce.order-completed.v1} by event id). The failover times it prints are docs/deployment.md's.
 *
 * <p>Eleven service JVMs, about three and a half minutes on two cores: tagged {@code replicas}, it runs with
 * {@code mvn -pl infra/e2e-tests verify -Preplicas} (docs/deployment.md), not in the default {@code mvn verify}, which
 * must stay within 15 minutes. Lean on purpose (a few dozen orders and claims).
 */
@Tag("replicas")
class RelayFailoverEndToEndIT {

    static final Duration TAKE_OVER_WITHIN = Duration.ofSeconds(10);
    private static final String LEADER = "messaging_relay_leader";
    private static final List<String> RELAYING = ServiceSpec.ALL.stream()
            .filter(spec -> spec.databaseName().isPresent()).map(ServiceSpec::name).toList();

    private static final int BUYERS = 24;
    private static final int ORDERS_PER_BUYER = 2;
    private static final int STOCK = 30;
    private static final long PRICE = 10_000;
    private static final int CLAIMANTS = 120;
    private static final int COUPONS = 40;

    private static E2eStack stack;
    private static Shop shop;
    private static final Http http = new Http();

    @BeforeAll
    static void startTwoInstancesOfEveryService() {
        stack = E2eStack.withReplicas(2);
        shop = new Shop(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyRelayMovesToTheOtherInstanceWithinTenSecondsOfAKillMidStormAndEveryInvariantHolds() throws Exception {
        for (String service : RELAYING) {
            assertThat(stack.instancesOf(service)).as(service).hasSize(2)
                    .allSatisfy(instance -> assertThat(stack.isReady(instance)).as(instance + " ready").isTrue());
            assertThat(awaitOneLeader(service, Duration.ofSeconds(60))).as(service + ": one instance streams").isPresent();
        }

        Product product = shop.newProduct(PRICE, STOCK);
        long couponId = shop.newFixedCoupon(1_000, COUPONS);
        List<User> buyers = Concurrently.run(BUYERS, 8, i -> shop.newUser(ORDERS_PER_BUYER * PRICE));
        List<User> claimants = Concurrently.run(CLAIMANTS, 8, i -> shop.newUser(0));

        ExecutorService load = Executors.newFixedThreadPool(2);
        CompletableFuture<List<Long>> storm = CompletableFuture.supplyAsync(() -> Concurrently.run(BUYERS * ORDERS_PER_BUYER, 16,
                i -> shop.orderPatiently(buyers.get(i % BUYERS), null, line(product, 1))), load);
        CompletableFuture<List<String>> stampede = CompletableFuture.supplyAsync(() -> Concurrently.run(CLAIMANTS, 32,
                i -> claimDefinitely(couponId, claimants.get(i))), load);

        Map<String, Duration> takeOvers = new LinkedHashMap<>();
        for (String service : RELAYING) {
            String leader = awaitOneLeader(service, Duration.ofSeconds(30)).orElseThrow();
            String other = stack.instancesOf(service).stream().filter(instance -> !instance.equals(leader)).findFirst().orElseThrow();
            stack.kill(leader);
            Duration tookOver = awaitLeader(other, Duration.ofSeconds(60));
            takeOvers.put(service, tookOver);
            System.out.printf("relay of %s: %s killed, %s streams %d ms later%n", service, leader, other, tookOver.toMillis());
        }

        List<Long> orders = storm.get();
        List<String> answers = stampede.get();
        load.shutdown();
        assertThat(orders).hasSize(BUYERS * ORDERS_PER_BUYER);
        assertThat(answers).as("every claimant got a definite answer").allMatch(answer -> answer.equals("ISSUED")
                || answer.equals("COUPON_SOLD_OUT"));
        assertThat(answers.stream().filter("ISSUED"::equals).count()).as("coupons issued").isEqualTo(COUPONS);

        Verdict verdict = new Checker(new Api(stack.gatewayUrl()), stack.kafkaBootstrapServers(), Duration.ofMinutes(4)).check();
        System.out.print(verdict.table());
        assertThat(verdict.passed()).as(verdict.table()).isTrue();
        assertThat(takeOvers).as("every relay moved within " + TAKE_OVER_WITHIN)
                .allSatisfy((service, took) -> assertThat(took).as(service).isLessThanOrEqualTo(TAKE_OVER_WITHIN));
    }

    /**
     * Claims a coupon as a careful client does: again after a 503 or 429 (an instance killed mid-request, the
     * gateway's breaker), until the answer is definite. A claimant told it already holds the coupon won it earlier.
     */
    private static String claimDefinitely(long couponId, User user) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            Answer answer = http.post(shop.gateway("/api/v1/coupons/" + couponId + "/issue"), user.token(),
                    Map.of("userId", user.id()));
            if (answer.status() == 201 || "COUPON_ALREADY_ISSUED".equals(answer.code())) {
                return "ISSUED";
            }
            if (answer.status() == 409 || Instant.now().isAfter(deadline)) {
                return answer.status() == 409 ? answer.code() : "NO ANSWER: " + answer;
            }
            Shop.pause(Duration.ofMillis(200));
        }
    }

    /** The instance of {@code service} whose relay streams, once exactly one does. */
    private static Optional<String> awaitOneLeader(String service, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            List<String> leaders = new ArrayList<>();
            for (String instance : stack.instancesOf(service)) {
                if (leads(instance)) {
                    leaders.add(instance);
                }
            }
            if (leaders.size() == 1) {
                return Optional.of(leaders.get(0));
            }
            Shop.pause(Duration.ofMillis(100));
        }
        return Optional.empty();
    }

    /** How long until {@code instance} streams its relay, polled every 100 ms. */
    private static Duration awaitLeader(String instance, Duration within) {
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).compareTo(within) < 0) {
            if (leads(instance)) {
                return Duration.between(start, Instant.now());
            }
            Shop.pause(Duration.ofMillis(100));
        }
        throw new AssertionError(instance + " did not take the relay over within " + within);
    }

    /** Whether the instance says its relay streams; a killed or not yet started one does not. */
    private static boolean leads(String instance) {
        try {
            Answer answer = http.get(stack.url(instance) + "/actuator/prometheus", null);
            PrometheusScrape scrape = PrometheusScrape.parse(answer.body());
            return answer.status() == 200 && scrape.contains(LEADER) && scrape.value(LEADER) >= 1;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }
}
