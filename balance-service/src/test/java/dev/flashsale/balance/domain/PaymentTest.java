package dev.flashsale.balance.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void aDeductedPaymentAnswersEveryRepeatWithTheSamePaymentRef() {
        Payment payment = Payment.deducted(1001, 7, Money.won(5_000), NOW);

        BalanceDeducted first = (BalanceDeducted) payment.deductionOutcome();
        BalanceDeducted again = (BalanceDeducted) payment.deductionOutcome();

        assertThat(first).isEqualTo(again);
        assertThat(first.orderId()).isEqualTo(1001);
        assertThat(first.userId()).isEqualTo(7);
        assertThat(first.amount()).isEqualTo(5_000);
        assertThat(first.paymentRef()).isEqualTo(payment.paymentRef().toString());
    }

    @Test
    void twoOrdersGetDifferentPaymentRefs() {
        assertThat(Payment.deducted(1, 7, Money.won(1), NOW).paymentRef())
                .isNotEqualTo(Payment.deducted(2, 7, Money.won(1), NOW).paymentRef());
    }

    @Test
    void aDeclinedPaymentAnswersWithItsReason() {
        Payment payment = Payment.declined(1001, 7, Money.won(5_000), ErrorCode.INSUFFICIENT_BALANCE, "too little", NOW);

        assertThat(payment.deductionOutcome())
                .isEqualTo(new BalanceDeductionFailed(1001, 7, ErrorCode.INSUFFICIENT_BALANCE, "too little"));
        assertThat(payment.paymentRef()).isNull();
        assertThat(payment.isRefundable()).isFalse();
    }

    @Test
    void aRefundGivesBackTheDeductedAmountOnce() {
        Payment payment = Payment.deducted(1001, 7, Money.won(5_000), NOW);

        assertThat(payment.markRefunded(NOW.plusSeconds(1))).isEqualTo(Money.won(5_000));

        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(payment.refundedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(payment.isRefundable()).isFalse();
        assertThatThrownBy(() -> payment.markRefunded(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeclinedOrVoidedPaymentHasNothingToRefund() {
        assertThatThrownBy(() -> Payment.declined(1, 7, Money.won(1), ErrorCode.USER_NOT_FOUND, "no", NOW).markRefunded(NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Payment.voided(1, 7, NOW).markRefunded(NOW))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeductionForACompensatedOrderIsRefusedAsAConflict() {
        Payment refunded = Payment.deducted(1001, 7, Money.won(5_000), NOW);
        refunded.markRefunded(NOW);
        Payment voided = Payment.voided(1002, 7, NOW);

        assertThat(refunded.deductionOutcome()).isInstanceOfSatisfying(BalanceDeductionFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(voided.deductionOutcome()).isInstanceOfSatisfying(BalanceDeductionFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(voided.amount()).isEqualTo(Money.ZERO);
    }

    @Test
    void aCommandMatchesThePaymentOnlyWithTheSameUserAndAmount() {
        Payment payment = Payment.deducted(1001, 7, Money.won(5_000), NOW);

        assertThat(payment.matches(7, Money.won(5_000))).isTrue();
        assertThat(payment.matches(8, Money.won(5_000))).isFalse();
        assertThat(payment.matches(7, Money.won(4_999))).isFalse();
    }

    @Test
    void aVoidedPaymentMatchesAnyAmountOfItsUser() {
        Payment voided = Payment.voided(1001, 7, NOW);

        assertThat(voided.matches(7, Money.won(5_000))).isTrue();
        assertThat(voided.matches(8, Money.won(5_000))).isFalse();
    }
}
