package dev.flashsale.loadtest.check;

import dev.flashsale.loadtest.check.Snapshot.CancelledEvent;
import dev.flashsale.loadtest.check.Snapshot.CompletedEvent;
import dev.flashsale.loadtest.check.Snapshot.CouponAudit;
import dev.flashsale.loadtest.check.Snapshot.Line;
import dev.flashsale.loadtest.check.Snapshot.Ranked;
import dev.flashsale.loadtest.check.Snapshot.VariantStock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The system's promises as checks over one {@link Snapshot}. Each compares what one service says with what
 * another says or with what reached the public topic, never a service's figures only with themselves: a
 * service whose own audit is consistent but disagrees with the rest fails here.
 */
public final class Invariants {

    static final int TOP = 5;

    private Invariants() {
    }

    public static List<Result> evaluate(Snapshot s) {
        Map<Long, CompletedEvent> completedByOrder = firstPerOrder(s.completedEvents());
        List<Result> results = new ArrayList<>();
        results.add(couponsNeverOverIssued(s.coupons()));
        results.add(stockConserved(s));
        results.add(stockSoldMatchesCompletedOrders(s, completedByOrder));
        results.add(balancesWithinBounds(s));
        results.add(moneyConserved(s));
        results.add(paymentsMatchCompletedOrders(s, completedByOrder));
        results.add(everyOrderEnded(s));
        results.add(completedOrdersPublishedExactlyOnce(s));
        results.add(cancelledOrdersPublishedExactlyOnce(s));
        results.add(couponsUsedByCompletedOrders(s, completedByOrder));
        results.add(rankingMatchesRecount(s, completedByOrder));
        return results;
    }

    static Result couponsNeverOverIssued(List<CouponAudit> coupons) {
        List<String> bad = new ArrayList<>();
        long issued = 0;
        for (CouponAudit c : coupons) {
            issued += c.issued();
            if (!c.consistent() || c.issued() > c.totalQuantity() || c.issued() != c.issuedRows()
                    || c.issuedRows() != c.distinctUsers()) {
                bad.add("coupon " + c.couponId() + ": total " + c.totalQuantity() + ", issued " + c.issued() + ", rows "
                        + c.issuedRows() + ", users " + c.distinctUsers());
            }
        }
        return Result.of("coupons: issued <= quantity, one per user", bad.isEmpty(),
                bad.isEmpty() ? coupons.size() + " coupons, " + issued + " issued" : String.join("; ", limit(bad)));
    }

    static Result stockConserved(Snapshot s) {
        List<String> bad = new ArrayList<>();
        for (VariantStock v : s.stock().variants()) {
            boolean negative = v.orderable() < 0 || v.reserved() < 0 || v.sold() < 0;
            if (negative || v.initialStock() + v.adjustments() != v.orderable() + v.reserved() + v.sold()) {
                bad.add("variant " + v.variantId() + ": " + v.initialStock() + "+" + v.adjustments() + " vs "
                        + v.orderable() + "/" + v.reserved() + "/" + v.sold());
            }
        }
        boolean passed = bad.isEmpty() && s.stock().consistent() && s.stock().negativeStockVariants() == 0;
        return Result.of("stock: >= 0, initial + adjustments = orderable + reserved + sold", passed,
                passed ? s.stock().variants().size() + " variants"
                        : "audit consistent=" + s.stock().consistent() + ", negative=" + s.stock().negativeStockVariants()
                        + (bad.isEmpty() ? "" : "; " + String.join("; ", limit(bad))));
    }

    /** After every saga ended nothing may stay reserved, and each variant sold exactly what completed orders hold. */
    static Result stockSoldMatchesCompletedOrders(Snapshot s, Map<Long, CompletedEvent> completed) {
        Map<Long, Long> unitsByVariant = new HashMap<>();
        completed.values().forEach(e -> e.items().forEach(line -> unitsByVariant.merge(line.variantId(), line.quantity(), Long::sum)));
        List<String> bad = new ArrayList<>();
        long sold = 0;
        Set<Long> known = new HashSet<>();
        for (VariantStock v : s.stock().variants()) {
            known.add(v.variantId());
            sold += v.sold();
            long expected = unitsByVariant.getOrDefault(v.variantId(), 0L);
            if (v.sold() != expected || v.reserved() != 0) {
                bad.add("variant " + v.variantId() + ": sold " + v.sold() + " vs " + expected + " in completed orders, reserved "
                        + v.reserved());
            }
        }
        unitsByVariant.keySet().stream().filter(id -> !known.contains(id))
                .forEach(id -> bad.add("variant " + id + " is in completed orders but not in the stock audit"));
        return Result.of("stock: sold = units of completed orders, none left reserved", bad.isEmpty(),
                bad.isEmpty() ? sold + " units sold" : String.join("; ", limit(bad)));
    }

    static Result balancesWithinBounds(Snapshot s) {
        var b = s.balance();
        boolean passed = b.negativeBalances() == 0 && b.balancesOverMax() == 0;
        return Result.of("balances: none < 0, none > max", passed,
                b.users() + " users, " + b.negativeBalances() + " negative, " + b.balancesOverMax() + " over the maximum");
    }

    static Result moneyConserved(Snapshot s) {
        var b = s.balance();
        long expected = b.totalBalance() + b.totalPaid() - b.totalRefunded();
        boolean passed = b.totalCharged() == expected && b.ledgerMismatches() == 0 && b.ledgerBreaks() == 0 && b.consistent();
        return Result.of("money: charges = balances + payments - refunds", passed,
                String.format("%,d = %,d + %,d - %,d%s", b.totalCharged(), b.totalBalance(), b.totalPaid(), b.totalRefunded(),
                        passed ? "" : " (ledger mismatches " + b.ledgerMismatches() + ", breaks " + b.ledgerBreaks()
                                + ", audit consistent " + b.consistent() + ")"));
    }

    /** What balance-service holds as paid is what order-service recorded and what the data platform was told. */
    static Result paymentsMatchCompletedOrders(Snapshot s, Map<Long, CompletedEvent> completed) {
        var b = s.balance();
        var o = s.orders();
        long published = completed.values().stream().mapToLong(CompletedEvent::paidAmount).sum();
        boolean passed = o.paymentsAmount() == b.deductedAmount() && o.payments() == b.deductedOrders()
                && o.completedPaidAmount() == o.paymentsAmount() && o.payments() == o.completedOrders()
                && published == o.paymentsAmount();
        return Result.of("money: balance payments = order payments = published paid amounts", passed,
                String.format("balance %,d won / %d orders, orders %,d won / %d payments, topic %,d won",
                        b.deductedAmount(), b.deductedOrders(), o.paymentsAmount(), o.payments(), published));
    }

    static Result everyOrderEnded(Snapshot s) {
        var o = s.orders();
        boolean passed = s.settling().settled() && o.pendingOrders() == 0 && o.openSagas() == 0 && o.failedSagas() == 0;
        return Result.of("orders: every saga ended", passed,
                String.format("%d completed, %d cancelled, %d pending, %d open, %d failed sagas (waited %.1f s)",
                        o.completedOrders(), o.cancelledOrders(), o.pendingOrders(), o.openSagas(), o.failedSagas(),
                        s.settling().waitedMillis() / 1000.0));
    }

    static Result completedOrdersPublishedExactlyOnce(Snapshot s) {
        Map<Long, Set<String>> eventIds = new HashMap<>();
        s.completedEvents().forEach(e -> eventIds.computeIfAbsent(e.orderId(), id -> new HashSet<>()).add(e.eventId()));
        Set<Long> completed = new TreeSet<>(s.completedOrderIds());
        List<String> bad = new ArrayList<>();
        completed.stream().filter(id -> !eventIds.containsKey(id)).limit(5).forEach(id -> bad.add("order " + id + " missing"));
        eventIds.forEach((id, ids) -> {
            if (ids.size() > 1) {
                bad.add("order " + id + " under " + ids.size() + " event ids");
            }
            if (!completed.contains(id)) {
                bad.add("order " + id + " published but not completed");
            }
        });
        long redelivered = s.completedEvents().size() - eventIds.values().stream().mapToLong(Set::size).sum();
        return Result.of("events: every completed order once on " + "ecommerce.order-completed.v1", bad.isEmpty(),
                bad.isEmpty() ? completed.size() + " orders, " + s.completedEvents().size() + " records ("
                        + redelivered + " redelivered with the same event id)" : String.join("; ", limit(bad)));
    }

    static Result cancelledOrdersPublishedExactlyOnce(Snapshot s) {
        Map<Long, Set<String>> eventIds = new HashMap<>();
        for (CancelledEvent e : s.cancelledEvents()) {
            eventIds.computeIfAbsent(e.orderId(), id -> new HashSet<>()).add(e.eventId());
        }
        long twice = eventIds.values().stream().filter(ids -> ids.size() > 1).count();
        boolean passed = eventIds.size() == s.orders().cancelledOrders() && twice == 0;
        return Result.of("events: every cancelled order once on ecommerce.order-cancelled.v1", passed,
                eventIds.size() + " orders on the topic, " + s.orders().cancelledOrders() + " cancelled, " + twice
                        + " under two event ids");
    }

    /** A coupon is USED exactly when a completed order used it: cancelled orders gave theirs back. */
    static Result couponsUsedByCompletedOrders(Snapshot s, Map<Long, CompletedEvent> completed) {
        long used = s.coupons().stream().mapToLong(CouponAudit::used).sum();
        long withCoupon = completed.values().stream().filter(e -> e.userCouponId() != null).count();
        return Result.of("coupons: USED = completed orders with a coupon", used == withCoupon,
                used + " used, " + withCoupon + " completed orders with a coupon");
    }

    static Result rankingMatchesRecount(Snapshot s, Map<Long, CompletedEvent> completed) {
        var ranking = s.ranking();
        List<Ranked> recount = recount(completed.values(), ranking.from(), ranking.to());
        boolean passed = ranking.auditConsistent() && recount.equals(ranking.served());
        return Result.of("ranking: top 5 = recount of completed orders", passed,
                ranking.from() + ".." + ranking.to() + " served " + show(ranking.served())
                        + (passed ? "" : ", recount " + show(recount) + ", own audit consistent " + ranking.auditConsistent()));
    }

    /** The top five products by units in completed orders of the window's days; ties by the lower product id. */
    static List<Ranked> recount(Iterable<CompletedEvent> completed, java.time.LocalDate from, java.time.LocalDate to) {
        Map<Long, Long> units = new TreeMap<>();
        for (CompletedEvent e : completed) {
            if (!e.day().isBefore(from) && !e.day().isAfter(to)) {
                for (Line line : e.items()) {
                    units.merge(line.productId(), line.quantity(), Long::sum);
                }
            }
        }
        return units.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(entry -> new Ranked(entry.getKey(), entry.getValue()))
                .toList();
    }

    /** One event per order: a redelivery carries the same content, so the first read stands for all. */
    static Map<Long, CompletedEvent> firstPerOrder(List<CompletedEvent> events) {
        Map<Long, CompletedEvent> first = new LinkedHashMap<>();
        events.forEach(e -> first.putIfAbsent(e.orderId(), e));
        return first;
    }

    private static String show(List<Ranked> ranked) {
        return ranked.stream().map(r -> r.productId() + ":" + r.soldQuantity()).collect(Collectors.joining(" ", "[", "]"));
    }

    private static List<String> limit(List<String> problems) {
        if (problems.size() <= 5) {
            return problems;
        }
        List<String> some = new ArrayList<>(problems.subList(0, 5));
        some.add("... " + (problems.size() - 5) + " more");
        return some;
    }
}
