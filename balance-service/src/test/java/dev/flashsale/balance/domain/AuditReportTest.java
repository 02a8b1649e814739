package dev.flashsale.balance.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditReportTest {

    @Test
    void isConsistentWhenEveryChargedWonIsInABalanceOrADeductedOrder() {
        // charged 10,000; paid 7,000 of which 2,000 came back; 5,000 held by orders, 5,000 in balances
        assertThat(AuditReport.of(2, 5_000, 10_000, 7_000, 2_000, 1, 5_000, 0, 0, 0, 0).consistent()).isTrue();
    }

    @Test
    void isInconsistentWhenMoneyIsMissingOrMade() {
        assertThat(AuditReport.of(2, 4_999, 10_000, 7_000, 2_000, 1, 5_000, 0, 0, 0, 0).consistent()).isFalse();
        assertThat(AuditReport.of(2, 5_000, 10_000, 7_000, 1_000, 1, 5_000, 0, 0, 0, 0).consistent()).isFalse();
    }

    @Test
    void isInconsistentWhenALedgerDoesNotAddUp() {
        assertThat(AuditReport.of(2, 5_000, 10_000, 7_000, 2_000, 1, 5_000, 0, 0, 1, 0).consistent()).isFalse();
        assertThat(AuditReport.of(2, 5_000, 10_000, 7_000, 2_000, 1, 5_000, 0, 0, 0, 1).consistent()).isFalse();
        assertThat(AuditReport.of(2, 5_000, 10_000, 7_000, 2_000, 1, 5_000, 1, 0, 0, 0).consistent()).isFalse();
    }

    @Test
    void aBalanceOverTheMaximumIsReportedButNotAFault() {
        AuditReport report = AuditReport.of(2, 5_000, 10_000, 7_000, 2_000, 1, 5_000, 0, 1, 0, 0);

        assertThat(report.balancesOverMax()).isEqualTo(1);
        assertThat(report.consistent()).isTrue();
    }
}
