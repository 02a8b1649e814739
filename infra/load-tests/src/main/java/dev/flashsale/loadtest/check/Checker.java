package dev.flashsale.loadtest.check;

import dev.flashsale.contracts.Topics;
import dev.flashsale.loadtest.Arguments;
import dev.flashsale.loadtest.LoadSettings;
import dev.flashsale.loadtest.check.Snapshot.CancelledEvent;
import dev.flashsale.loadtest.check.Snapshot.CompletedEvent;
import dev.flashsale.loadtest.check.Snapshot.CouponAudit;
import dev.flashsale.loadtest.check.Snapshot.Line;
import dev.flashsale.loadtest.check.Snapshot.Ranked;
import dev.flashsale.loadtest.check.Snapshot.VariantStock;
import dev.flashsale.localstack.client.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The correctness verdict after a load run. It waits (bounded) until every saga has ended, then reads every
 * service's audit through the gateway with an admin token and both public topics from Kafka, and evaluates
 * the {@link Invariants}. Run on its own with {@code mvn -q -pl infra/load-tests -Pcheck package}; exits 1
 * when an invariant fails.
 */
public final class Checker {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private final Api api;
    private final String kafka;
    private final Duration settleTimeout;

    public Checker(Api api, String kafkaBootstrapServers, Duration settleTimeout) {
        this.api = api;
        this.kafka = kafkaBootstrapServers;
        this.settleTimeout = settleTimeout;
    }

    public static void main(String[] args) {
        Arguments.parse(args);
        LoadSettings settings = LoadSettings.fromSystem();
        Verdict verdict = new Checker(new Api(settings.gatewayUrl()), settings.kafkaBootstrapServers(), settings.settleTimeout()).check();
        System.out.println("Correctness checker against " + settings.gatewayUrl() + " and Kafka " + settings.kafkaBootstrapServers());
        System.out.print(verdict.table());
        System.exit(verdict.passed() ? 0 : 1);
    }

    public Verdict check() {
        Snapshot.Settling settling = awaitSettled();
        List<Long> completedIds = completedOrderIds();
        List<CompletedEvent> completed = completedEvents(new HashSet<>(completedIds));
        List<CancelledEvent> cancelled = cancelledEvents();
        Snapshot.OrderAudit orders = orderAudit();
        Snapshot snapshot = new Snapshot(settling, coupons(), stock(), balance(), orders, completedIds, completed, cancelled,
                ranking(completed));
        return new Verdict(Invariants.evaluate(snapshot));
    }

    /**
     * Waits until no order is pending, no saga is open, and no stock is held any more (or the time is up): stock held
     * for an order is sold when product-service reads the order's OrderCompleted, a moment after the saga ended.
     */
    private Snapshot.Settling awaitSettled() {
        long start = System.nanoTime();
        long deadline = start + settleTimeout.toNanos();
        while (true) {
            Snapshot.OrderAudit audit = orderAudit();
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (audit.pendingOrders() == 0 && audit.openSagas() == 0
                    && stock().variants().stream().allMatch(variant -> variant.reserved() == 0)) {
                return new Snapshot.Settling(true, waited);
            }
            if (System.nanoTime() > deadline) {
                return new Snapshot.Settling(false, waited);
            }
            sleep(1000);
        }
    }

    private Snapshot.OrderAudit orderAudit() {
        JsonNode a = admin("/api/v1/admin/orders/audit?pendingOlderThanSeconds=0");
        return new Snapshot.OrderAudit(a.path("pendingOrders").asLong(), a.path("completedOrders").asLong(),
                a.path("cancelledOrders").asLong(), a.path("completedPaidAmount").asLong(), a.path("payments").asLong(),
                a.path("paymentsAmount").asLong(), a.path("openSagas").asLong(), a.path("failedSagas").asLong());
    }

    private List<Long> completedOrderIds() {
        List<Long> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = admin("/api/v1/admin/orders/completed?page=" + page + "&size=10000");
            answer.path("items").forEach(id -> ids.add(id.asLong()));
            if (page + 1 >= answer.path("totalPages").asInt()) {
                return ids;
            }
        }
    }

    /** The completed-orders topic, read again (for up to a minute) until every completed order is on it. */
    private List<CompletedEvent> completedEvents(Set<Long> completedIds) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            List<CompletedEvent> events = TopicSnapshot.values(kafka, Topics.ORDER_COMPLETED, Duration.ofMinutes(1)).stream()
                    .map(Checker::completedEvent).toList();
            Set<Long> seen = new HashSet<>();
            events.forEach(e -> seen.add(e.orderId()));
            if (seen.containsAll(completedIds) || System.nanoTime() > deadline) {
                return events;
            }
            sleep(1000);
        }
    }

    private List<CancelledEvent> cancelledEvents() {
        return TopicSnapshot.values(kafka, Topics.ORDER_CANCELLED, Duration.ofMinutes(1)).stream()
                .map(Api.JSON::readTree)
                .map(e -> new CancelledEvent(e.path("eventId").asString(), e.path("orderId").asLong()))
                .toList();
    }

    static CompletedEvent completedEvent(String value) {
        JsonNode e = Api.JSON.readTree(value);
        List<Line> items = new ArrayList<>();
        e.path("items").forEach(item -> items.add(new Line(item.path("productId").asLong(), item.path("variantId").asLong(),
                item.path("quantity").asLong())));
        String completedAt = e.path("completedAt").isMissingNode() || e.path("completedAt").isNull()
                ? e.path("occurredAt").asString() : e.path("completedAt").asString();
        LocalDate day = OffsetDateTime.parse(completedAt).atZoneSameInstant(SEOUL).toLocalDate();
        Long coupon = e.path("userCouponId").isNumber() ? e.path("userCouponId").asLong() : null;
        return new CompletedEvent(e.path("eventId").asString(), e.path("orderId").asLong(), coupon,
                e.path("paidAmount").asLong(), day, items);
    }

    private List<CouponAudit> coupons() {
        List<CouponAudit> audits = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = admin("/api/v1/coupons?page=" + page + "&size=100");
            for (JsonNode coupon : answer.path("items")) {
                JsonNode a = admin("/api/v1/admin/coupons/" + coupon.path("couponId").asLong() + "/audit");
                audits.add(new CouponAudit(a.path("couponId").asLong(), a.path("totalQuantity").asLong(), a.path("issued").asLong(),
                        a.path("issuedRows").asLong(), a.path("distinctUsers").asLong(), a.path("used").asLong(),
                        a.path("consistent").asBoolean()));
            }
            if (page + 1 >= answer.path("totalPages").asInt()) {
                return audits;
            }
        }
    }

    private Snapshot.StockAudit stock() {
        JsonNode a = admin("/api/v1/admin/products/audit");
        List<VariantStock> variants = new ArrayList<>();
        a.path("variants").forEach(v -> variants.add(new VariantStock(v.path("variantId").asLong(), v.path("productId").asLong(),
                v.path("initialStock").asLong(), v.path("adjustments").asLong(), v.path("orderable").asLong(),
                v.path("reserved").asLong(), v.path("sold").asLong())));
        return new Snapshot.StockAudit(a.path("consistent").asBoolean(), a.path("negativeStockVariants").asLong(), variants);
    }

    private Snapshot.BalanceAudit balance() {
        JsonNode a = admin("/api/v1/admin/balance/audit");
        return new Snapshot.BalanceAudit(a.path("users").asLong(), a.path("totalBalance").asLong(), a.path("totalCharged").asLong(),
                a.path("totalPaid").asLong(), a.path("totalRefunded").asLong(), a.path("deductedOrders").asLong(),
                a.path("deductedAmount").asLong(), a.path("negativeBalances").asLong(), a.path("balancesOverMax").asLong(),
                a.path("ledgerMismatches").asLong(), a.path("ledgerBreaks").asLong(), a.path("consistent").asBoolean());
    }

    /**
     * The ranking after an aggregation. The ranking-service may not have consumed the last completed orders
     * yet, so the read is repeated (up to a minute) until it agrees with the recount or the time is up.
     */
    private Snapshot.Ranking ranking(List<CompletedEvent> completed) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            api.asAdmin("POST", "/api/v1/admin/ranking/aggregate", null).expect(200, "ranking aggregation");
            JsonNode popular = api.get("/api/v1/products/popular", null).expect(200, "popular products").body();
            List<Ranked> served = new ArrayList<>();
            popular.path("items").forEach(i -> served.add(new Ranked(i.path("productId").asLong(), i.path("soldQuantity").asLong())));
            boolean auditConsistent = admin("/api/v1/admin/ranking/audit").path("consistent").asBoolean();
            Snapshot.Ranking ranking = new Snapshot.Ranking(LocalDate.parse(popular.path("from").asString()),
                    LocalDate.parse(popular.path("to").asString()), served, auditConsistent);
            boolean agrees = Invariants.recount(Invariants.firstPerOrder(completed).values(), ranking.from(), ranking.to()).equals(served);
            if ((agrees && auditConsistent) || System.nanoTime() > deadline) {
                return ranking;
            }
            sleep(2000);
        }
    }

    /**
     * An admin read through the gateway. Right after a storm the gateway's breaker for a service may still be
     * open (503), or a part may be restarting: that is "not yet", so it asks again, bounded by the settle time.
     */
    private JsonNode admin(String path) {
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        boolean told = false;
        while (true) {
            Api.Answer answer;
            try {
                answer = api.asAdmin("GET", path, null);
            } catch (RuntimeException unreachable) {
                answer = new Api.Answer(0, MissingNode.getInstance());
            }
            boolean notYet = answer.status() == 503 || answer.status() == 429 || answer.status() == 0;
            if (!notYet || System.nanoTime() > deadline) {
                return answer.expect(200, "GET " + path).body();
            }
            if (!told) {
                System.out.printf("  (GET %s answered %d %s; asking again until it answers)%n", path, answer.status(),
                        answer.code());
                told = true;
            }
            sleep(2000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
