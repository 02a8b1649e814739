package dev.flashsale.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void aPercentageRoundsDownToTheWon() {
        assertThat(Money.won(19_999).percent(10)).isEqualTo(Money.won(1_999));
        assertThat(Money.won(9).percent(50)).isEqualTo(Money.won(4));
        assertThat(Money.won(100).percent(0)).isEqualTo(Money.ZERO);
    }

    @Test
    void moneyAndQuantitiesAreNeverNegative() {
        assertThatThrownBy(() -> Money.won(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.won(5).minus(Money.won(6))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantity.of(2).minus(Quantity.of(3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.won(10).percent(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmeticThatWouldOverflowFailsInsteadOfWrapping() {
        assertThatThrownBy(() -> Money.won(Long.MAX_VALUE).plus(Money.won(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.won(Long.MAX_VALUE / 2).times(3)).isInstanceOf(ArithmeticException.class);
    }
}
