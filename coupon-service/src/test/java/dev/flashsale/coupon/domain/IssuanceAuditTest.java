package dev.flashsale.coupon.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IssuanceAuditTest {

    @Test
    void isConsistentWhenTheCounterTheRowsAndTheUsersAgreeWithinTheTotal() {
        IssuanceAudit soldOut = new IssuanceAudit(5, 100, 100, 100, 100, 7);

        assertThat(soldOut.consistent()).isTrue();
        assertThat(soldOut.remaining()).isZero();
    }

    @Test
    void isInconsistentWhenTheCounterDoesNotMatchTheRows() {
        assertThat(new IssuanceAudit(5, 100, 99, 100, 100, 0).consistent()).isFalse();
        assertThat(new IssuanceAudit(5, 100, 100, 99, 99, 0).consistent()).isFalse();
    }

    @Test
    void isInconsistentWhenAUserHoldsTwo() {
        assertThat(new IssuanceAudit(5, 100, 50, 50, 49, 0).consistent()).isFalse();
    }

    @Test
    void isInconsistentBeyondTheTotal() {
        assertThat(new IssuanceAudit(5, 100, 101, 101, 101, 0).consistent()).isFalse();
    }
}
