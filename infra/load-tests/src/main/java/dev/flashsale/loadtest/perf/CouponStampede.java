package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.testkit.LatencyRecorder;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Row 5, the coupon stampede: {@code claimants} users (each known to coupon-service, each with a token) ask for
 * one coupon of {@code quantity} through the gateway, {@code concurrency} at a time, all released together.
 * Every claimant asks once. The figures: answers a second from the first request to the last answer, the p99 of
 * a claim, and that exactly the quantity was issued, each claimant got a definite answer ({@code 201},
 * {@code COUPON_SOLD_OUT} or {@code COUPON_ALREADY_ISSUED}), and the checker found every invariant holding.
 */
final class CouponStampede {

    static final String WHAT = "coupon stampede: 3,000 claimants, 256 at once, 100 coupons";
    static final String AIM = ">= 1,500/s, p99 <= 1 s, 100 issued";
    private static final Set<String> DEFINITE = Set.of("201", "COUPON_SOLD_OUT", "COUPON_ALREADY_ISSUED");

    private CouponStampede() {
    }

    static PerfRow run(PerfContext context, int claimants, int concurrency, int quantity) {
        System.out.printf("[perf] coupon stampede: %d claimants, %d at once, %d coupons%n", claimants, concurrency, quantity);
        List<User> people = context.users(0, claimants);
        long coupon = context.fixtures().coupon("stampede " + UUID.randomUUID().toString().substring(0, 6), 5_000, quantity);
        List<HttpRequest> claims = new ArrayList<>(claimants);
        for (User user : people) {
            claims.add(LoadClient.post(context.gateway() + "/api/v1/coupons/" + coupon + "/issue",
                    "{\"userId\": " + user.id() + "}", LoadClient.bearer(user.token())));
        }
        LatencyRecorder latencies = new LatencyRecorder();
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong();
        StackMeter.Sample before = context.meter().sample();
        long start = System.nanoTime();
        Parallel.run(concurrency, client -> {
            for (int i = next.getAndIncrement(); i < claimants; i = next.getAndIncrement()) {
                long sent = System.nanoTime();
                LoadClient.Answer answer = context.client().send(claims.get(i));
                long now = System.nanoTime();
                latencies.recordNanos(now - sent);
                lastAnswer.accumulateAndGet(now, Math::max);
                answers.computeIfAbsent(answer.outcome(), k -> new LongAdder()).increment();
            }
        });
        double seconds = (lastAnswer.get() - start) / 1e9;
        StackMeter.Use use = StackMeter.Use.between(before, context.meter().sample());

        long issued = context.api().asAdmin("GET", "/api/v1/admin/coupons/" + coupon + "/audit", null)
                .expect(200, "the stampede coupon's audit").body().path("issued").asLong();
        Map<String, Long> byOutcome = new TreeMap<>();
        answers.forEach((outcome, n) -> byOutcome.put(outcome, n.sum()));
        long definite = byOutcome.entrySet().stream().filter(e -> DEFINITE.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        long created = byOutcome.getOrDefault("201", 0L);
        PerfContext.CheckedVerdict verdict = context.check("the stampede");

        double perSecond = claimants / seconds;
        LatencyRecorder.Summary summary = latencies.summary();
        boolean exact = issued == quantity && created == quantity && definite == claimants;
        boolean met = perSecond >= 1500 && summary.p99().compareTo(Duration.ofSeconds(1)) <= 0 && exact;
        return PerfRow.judged("5", WHAT, String.format(Locale.ROOT, "%,.0f answers/s, p99 %.0f ms, %d issued%s", perSecond,
                        LatencyRecorder.Summary.millis(summary.p99()), issued,
                        definite == claimants ? "" : ", " + (claimants - definite) + " without a definite answer"),
                AIM, met, verdict.label(), List.of(
                        String.format(Locale.ROOT, "%d claims in %.2f s, %s; answers %s", claimants, seconds, summary, byOutcome),
                        "CPU over the stampede: " + use.describe()));
    }
}
