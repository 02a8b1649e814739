package dev.flashsale.loadtest.check;

import java.time.LocalDate;
import java.util.List;

/**
 * What the checker read from every service once the sagas had settled: their audit endpoints through the
 * gateway, and the two public topics as the data platform sees them. Plain data, so the invariants over it
 * are plain functions.
 */
public record Snapshot(Settling settling, List<CouponAudit> coupons, StockAudit stock, BalanceAudit balance,
                       OrderAudit orders, List<Long> completedOrderIds, List<CompletedEvent> completedEvents,
                       List<CancelledEvent> cancelledEvents, Ranking ranking) {

    /** Whether every saga ended within the checker's wait, and how long that took. */
    public record Settling(boolean settled, long waitedMillis) {
    }

    public record CouponAudit(long couponId, long totalQuantity, long issued, long issuedRows, long distinctUsers,
                              long used, boolean consistent) {
    }

    public record VariantStock(long variantId, long productId, long initialStock, long adjustments, long orderable,
                               long reserved, long sold) {
    }

    public record StockAudit(boolean consistent, long negativeStockVariants, List<VariantStock> variants) {
    }

    public record BalanceAudit(long users, long totalBalance, long totalCharged, long totalPaid, long totalRefunded,
                               long deductedOrders, long deductedAmount, long negativeBalances, long balancesOverMax,
                               long ledgerMismatches, long ledgerBreaks, boolean consistent) {
    }

    public record OrderAudit(long pendingOrders, long completedOrders, long cancelledOrders, long completedPaidAmount,
                             long payments, long paymentsAmount, long openSagas, long failedSagas) {
    }

    public record Line(long productId, long variantId, long quantity) {
    }

    /** An {@code OrderCompleted} as read from the topic; the same order may be read more than once. */
    public record CompletedEvent(String eventId, long orderId, Long userCouponId, long paidAmount, LocalDate day,
                                 List<Line> items) {
    }

    public record CancelledEvent(String eventId, long orderId) {
    }

    public record Ranked(long productId, long soldQuantity) {
    }

    /** What the ranking serves for the window {@code from..to}, right after an aggregation, and its own audit. */
    public record Ranking(LocalDate from, LocalDate to, List<Ranked> served, boolean auditConsistent) {
    }
}
