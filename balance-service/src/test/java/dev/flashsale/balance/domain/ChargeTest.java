package dev.flashsale.balance.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChargeTest {

    @Test
    void aChargeIsAPositiveAmount() {
        assertThat(Charge.of(7, 1).amount()).isEqualTo(Money.won(1));
        for (long amount : new long[]{0, -1, Long.MIN_VALUE}) {
            assertThatThrownBy(() -> Charge.of(7, amount)).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void passingTheLimitIsABalanceLimitExceededThatNamesTheFigures() {
        DomainException e = BalanceLimit.of(10_000_000).exceededBy(7, Money.won(9_990_000), Money.won(20_000));

        assertThat(e.code()).isEqualTo(ErrorCode.BALANCE_LIMIT_EXCEEDED);
        assertThat(e.detail()).contains("9990000", "20000", "10000000");
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> BalanceLimit.of(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
