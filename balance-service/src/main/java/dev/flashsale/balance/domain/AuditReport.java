package dev.flashsale.balance.domain;

/**
 * Every won of the service accounted for, from one consistent snapshot of the database. Money is
 * neither lost nor made when {@link #consistent()} holds:
 * <ul>
 *   <li>every user's ledger adds up to their balance, entry by entry;</li>
 *   <li>everything charged is either in a balance or held by a deducted order:
 *       {@code totalCharged = totalBalance + deductedAmount};</li>
 *   <li>what the ledger says was paid and refunded matches the orders' payments:
 *       {@code totalPaid - totalRefunded = deductedAmount}.</li>
 * </ul>
 * {@code balancesOverMax} is information, not a fault: a refund may take a balance past the maximum,
 * because money a user had always comes back.
 *
 * @param ledgerMismatches users whose ledger entries do not add up to their balance
 * @param ledgerBreaks     ledger entries whose {@code balanceAfter} is not the previous one plus or minus their amount
 * @param deductedOrders   orders whose payment is deducted and not refunded
 * @param deductedAmount   what those orders hold
 */
public record AuditReport(
        long users,
        long totalBalance,
        long totalCharged,
        long totalPaid,
        long totalRefunded,
        long deductedOrders,
        long deductedAmount,
        long negativeBalances,
        long balancesOverMax,
        long ledgerMismatches,
        long ledgerBreaks,
        boolean consistent) {

    public static AuditReport of(long users, long totalBalance, long totalCharged, long totalPaid, long totalRefunded,
                                 long deductedOrders, long deductedAmount, long negativeBalances, long balancesOverMax,
                                 long ledgerMismatches, long ledgerBreaks) {
        boolean consistent = negativeBalances == 0 && ledgerMismatches == 0 && ledgerBreaks == 0
                && totalCharged == totalBalance + deductedAmount
                && totalPaid - totalRefunded == deductedAmount;
        return new AuditReport(users, totalBalance, totalCharged, totalPaid, totalRefunded, deductedOrders,
                deductedAmount, negativeBalances, balancesOverMax, ledgerMismatches, ledgerBreaks, consistent);
    }
}
