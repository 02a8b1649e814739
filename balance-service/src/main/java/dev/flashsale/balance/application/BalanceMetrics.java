package dev.flashsale.balance.application;

import dev.flashsale.contracts.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service's business meters. Money that moved is counted only once its transaction commits, so a
 * rolled-back attempt (a retried saga command, a failed request) is never counted:
 * <ul>
 *   <li>{@code balance.charged}, {@code balance.deducted}, {@code balance.refunded}: summaries in won
 *       (count = how many, total = how much);</li>
 *   <li>{@code balance.rejections} (operation = charge | deduct, code): what was refused, by error code.</li>
 * </ul>
 */
@Component
public class BalanceMetrics {

    private final DistributionSummary charged;
    private final DistributionSummary deducted;
    private final DistributionSummary refunded;
    private final MeterRegistry registry;

    public BalanceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.charged = won("balance.charged", "Charges committed, in won");
        this.deducted = won("balance.deducted", "Order payments deducted, in won");
        this.refunded = won("balance.refunded", "Order payments refunded, in won");
    }

    void charged(long amount) {
        afterCommit(() -> charged.record(amount));
    }

    void deducted(long amount) {
        afterCommit(() -> deducted.record(amount));
    }

    void refunded(long amount) {
        afterCommit(() -> refunded.record(amount));
    }

    /** A declined deduction is committed (it is remembered for the order), so it counts once it is. */
    void deductionDeclined(ErrorCode code) {
        afterCommit(() -> rejection("deduct", code).increment());
    }

    /** A refused charge rolls back, so it counts as it is refused. */
    void chargeRejected(ErrorCode code) {
        rejection("charge", code).increment();
    }

    private Counter rejection(String operation, ErrorCode code) {
        return Counter.builder("balance.rejections").description("Charges and deductions refused, by error code")
                .tag("operation", operation).tag("code", code.name()).register(registry);
    }

    private DistributionSummary won(String name, String description) {
        return DistributionSummary.builder(name).description(description).baseUnit("won").register(registry);
    }

    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }
}
