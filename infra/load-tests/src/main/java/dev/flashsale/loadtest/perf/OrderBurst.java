package dev.flashsale.loadtest.perf;

import dev.flashsale.contracts.Topics;
import dev.flashsale.loadtest.check.TopicSnapshot;
import dev.flashsale.loadtest.fixture.Fixtures.Product;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.loadtest.fixture.Fixtures.VariantDraft;
import dev.flashsale.localstack.client.Api;
import dev.flashsale.testkit.LatencyRecorder;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Row 1, the burst a flash sale is: {@code orders} orders from {@code buyers} users, pushed in by
 * {@code clients} clients as fast as the gateway takes them (a client waits only for the {@code 202}, then
 * submits its next order; a 429, 503 or no answer is sent again with the same {@code Idempotency-Key} after
 * {@code Retry-After} or a growing pause). Three hot variants with stock for about 60 % of the units asked for,
 * balances for about five orders a buyer and a coupon on each buyer's first order: orders complete, run out of
 * stock, lack money, every compensation runs. When each order ended is read from the public topics
 * ({@code completedAt} of {@code OrderCompleted}, {@code occurredAt} of {@code OrderCancelled}), so the
 * clients poll nothing while the stack works.
 */
final class OrderBurst {

    static final String WHAT = "burst: 1,500 orders, 200 users, 128 clients retrying";
    static final String AIM = "0 TIMEOUT, all ended <= 60 s";
    private static final long LIMIT_MILLIS = 60_000;

    private OrderBurst() {
    }

    static PerfRow run(PerfContext context, int firstUser, int buyerCount, int orders, int clients) {
        System.out.printf("[perf] order burst: %d orders from %d users by %d clients%n", orders, buyerCount, clients);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<User> buyers = context.users(firstUser, firstUser + buyerCount);
        long stockPerVariant = Math.round(orders * 2 * 0.6 / 3);
        Product product = context.fixtures().product("burst " + run, List.of(new VariantDraft("S", 10_000, stockPerVariant),
                new VariantDraft("M", 15_000, stockPerVariant), new VariantDraft("L", 20_000, stockPerVariant)));
        context.fixtures().charge(buyers, i -> 150_000L);
        long coupon = context.fixtures().coupon("burst " + run, 3_000, buyerCount);
        List<Long> userCoupons = context.fixtures().issue(coupon, buyers);

        Orders flow = new Orders(context.client(), context.gateway());
        Map<Long, Long> submittedAt = new ConcurrentHashMap<>();
        Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
        LongAdder retries = new LongAdder();
        LatencyRecorder answered = new LatencyRecorder();
        AtomicInteger next = new AtomicInteger();
        StackMeter.Sample before = context.meter().sample();
        long start = System.nanoTime();
        Parallel.run(clients, client -> {
            for (int k = next.getAndIncrement(); k < orders; k = next.getAndIncrement()) {
                int buyer = k % buyerCount;
                long variant = product.variantIds().get(k / 3 % 3);
                String body = "{\"userId\": " + buyers.get(buyer).id() + ", \"items\": [{\"variantId\": " + variant
                        + ", \"quantity\": " + (1 + k % 3) + "}]"
                        + (k < buyerCount ? ", \"userCouponId\": " + userCoupons.get(buyer) : "") + "}";
                Orders.Submitted submitted = flow.submit(buyers.get(buyer), body, UUID.randomUUID().toString(), Duration.ofMinutes(2));
                retries.add(submitted.retries());
                answered.recordNanos(submitted.answeredNanos());
                if (submitted.accepted()) {
                    submittedAt.put(submitted.orderId(), submitted.firstAttemptMillis());
                } else {
                    refusals.computeIfAbsent(submitted.refusal(), r -> new LongAdder()).increment();
                }
            }
        });
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        context.awaitSettled();
        StackMeter.Use use = StackMeter.Use.between(before, context.meter().sample());
        PerfContext.CheckedVerdict verdict = context.check("the burst");

        Map<Long, Ended> ends = ends(context, submittedAt.keySet());
        LatencyRecorder endLatency = new LatencyRecorder();
        Map<String, Long> outcomes = new TreeMap<>();
        long late = 0;
        long lastEnd = 0;
        long firstSubmit = submittedAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
        for (Map.Entry<Long, Long> order : submittedAt.entrySet()) {
            Ended end = ends.get(order.getKey());
            if (end == null) {
                outcomes.merge("NOT_ENDED", 1L, Long::sum);
                late++;
                continue;
            }
            long took = end.atMillis() - order.getValue();
            endLatency.recordMillis(Math.max(0, took));
            outcomes.merge(end.outcome(), 1L, Long::sum);
            lastEnd = Math.max(lastEnd, end.atMillis());
            if (took > LIMIT_MILLIS) {
                late++;
            }
        }
        long timeouts = outcomes.getOrDefault("TIMEOUT", 0L);
        long refused = refusals.values().stream().mapToLong(LongAdder::sum).sum();
        double endedPerSecond = lastEnd > firstSubmit ? submittedAt.size() * 1000.0 / (lastEnd - firstSubmit) : 0;
        LatencyRecorder.Summary ended = endLatency.summary();
        Map<String, Long> refusedBy = new TreeMap<>();
        refusals.forEach((code, n) -> refusedBy.put(code, n.sum()));
        return PerfRow.judged("1", WHAT, String.format(Locale.ROOT, "%d TIMEOUT, %d of %d ended <= 60 s (max %.1f s)%s",
                        timeouts, submittedAt.size() - late, orders, LatencyRecorder.Summary.millis(ended.max()) / 1000,
                        refused == 0 ? "" : ", " + refused + " never accepted"),
                AIM, timeouts == 0 && late == 0 && refused == 0, verdict.label(), List.of(
                        String.format(Locale.ROOT, "submitted in %.1f s; %d sent again after 429/503 (same key); submit answered %s",
                                submitSeconds, retries.sum(), answered.summary()),
                        String.format(Locale.ROOT, "outcomes %s%s; submission -> end %s; %.1f orders ended/s",
                                outcomes, refusedBy.isEmpty() ? "" : ", refused " + refusedBy, ended, endedPerSecond),
                        "CPU from the first submission until every saga ended: " + use.describe()
                                + "; " + use.perUnit(submittedAt.size(), "order")));
    }

    private record Ended(long atMillis, String outcome) {
    }

    /** When each order ended and how, from the two public topics (read once every saga has ended). */
    private static Map<Long, Ended> ends(PerfContext context, java.util.Set<Long> orderIds) {
        Map<Long, Ended> ends = new HashMap<>();
        String kafka = context.settings().kafkaBootstrapServers();
        for (String value : TopicSnapshot.values(kafka, Topics.ORDER_COMPLETED, Duration.ofMinutes(1))) {
            JsonNode event = Api.JSON.readTree(value);
            long orderId = event.path("orderId").asLong();
            if (orderIds.contains(orderId)) {
                String at = event.path("completedAt").isString() ? event.path("completedAt").asString() : event.path("occurredAt").asString();
                ends.putIfAbsent(orderId, new Ended(OffsetDateTime.parse(at).toInstant().toEpochMilli(), "COMPLETED"));
            }
        }
        for (String value : TopicSnapshot.values(kafka, Topics.ORDER_CANCELLED, Duration.ofMinutes(1))) {
            JsonNode event = Api.JSON.readTree(value);
            long orderId = event.path("orderId").asLong();
            if (orderIds.contains(orderId)) {
                ends.putIfAbsent(orderId, new Ended(OffsetDateTime.parse(event.path("occurredAt").asString()).toInstant().toEpochMilli(),
                        event.path("failureReason").asString("CANCELLED")));
            }
        }
        return ends;
    }
}
