package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscountPolicyTest {

    @Nested
    class FixedAmount {

        @Test
        void takesItsAmountOffAnOrderLargerThanIt() {
            assertThat(DiscountPolicy.fixedAmount(3_000, 0).discountFor(Money.won(20_000))).isEqualTo(Money.won(3_000));
        }

        @Test
        void neverTakesMoreThanTheOrderAmount() {
            assertThat(DiscountPolicy.fixedAmount(3_000, 0).discountFor(Money.won(2_500))).isEqualTo(Money.won(2_500));
        }

        @Test
        void givesNothingOffAnOrderOfZeroWon() {
            assertThat(DiscountPolicy.fixedAmount(3_000, 0).discountFor(Money.ZERO)).isEqualTo(Money.ZERO);
        }

        @Test
        void refusesACap() {
            assertValidationFails(() -> new DiscountPolicy(DiscountType.FIXED_AMOUNT, 3_000, 1_000L, 0), "caps only");
        }
    }

    @Nested
    class Percentage {

        @ParameterizedTest(name = "{0}% of {1} won is {2} won")
        @CsvSource({
                "10, 10000, 1000",
                "10, 9999, 999",   // 999.9 rounds down
                "15, 333, 49",     // 49.95 rounds down
                "33, 1, 0",        // 0.33 rounds down to nothing
                "1, 99, 0",
                "100, 12345, 12345",
                "50, 0, 0"})
        void roundsDownToTheWon(long percent, long orderAmount, long expected) {
            assertThat(DiscountPolicy.percentage(percent, null, 0).discountFor(Money.won(orderAmount)))
                    .isEqualTo(Money.won(expected));
        }

        @Test
        void stopsAtItsCap() {
            DiscountPolicy tenPercentUpTo5000 = DiscountPolicy.percentage(10, 5_000L, 0);

            assertThat(tenPercentUpTo5000.discountFor(Money.won(100_000))).isEqualTo(Money.won(5_000));
            assertThat(tenPercentUpTo5000.discountFor(Money.won(50_000))).isEqualTo(Money.won(5_000));
            assertThat(tenPercentUpTo5000.discountFor(Money.won(49_999))).isEqualTo(Money.won(4_999));
        }

        @Test
        void takesTheWholeOrderAtOneHundredPercentWithoutCap() {
            assertThat(DiscountPolicy.percentage(100, null, 0).discountFor(Money.won(1_000_000_000L)))
                    .isEqualTo(Money.won(1_000_000_000L));
        }

        @Test
        void computesLargeAmountsWithoutOverflowOrFloatingPoint() {
            long large = Long.MAX_VALUE / 100;
            assertThat(DiscountPolicy.percentage(7, null, 0).discountFor(Money.won(large)))
                    .isEqualTo(Money.won(large * 7 / 100));
        }

        @ParameterizedTest
        @CsvSource({"0", "101", "-5"})
        void refusesAPercentageOutsideOneToOneHundred(long percent) {
            assertValidationFails(() -> DiscountPolicy.percentage(percent, null, 0), "discount");
        }

        @ParameterizedTest
        @CsvSource({"0", "-1"})
        void refusesACapThatIsNotPositive(long cap) {
            assertValidationFails(() -> DiscountPolicy.percentage(10, cap, 0), "maxDiscount must be positive");
        }
    }

    @Nested
    class MinimumOrderAmount {

        private final DiscountPolicy from20000 = DiscountPolicy.fixedAmount(3_000, 20_000);

        @Test
        void admitsAnOrderOfExactlyTheMinimum() {
            assertThat(from20000.admits(Money.won(20_000))).isTrue();
            assertThat(from20000.discountFor(Money.won(20_000))).isEqualTo(Money.won(3_000));
        }

        @Test
        void refusesAnOrderOneWonBelowTheMinimumAsNotUsable() {
            assertThat(from20000.admits(Money.won(19_999))).isFalse();
            assertThatThrownBy(() -> from20000.discountFor(Money.won(19_999)))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.COUPON_NOT_USABLE);
                        assertThat(e.detail()).contains("19999", "20000");
                    });
        }

        @Test
        void refusesANegativeMinimum() {
            assertValidationFails(() -> DiscountPolicy.fixedAmount(3_000, -1), "minOrderAmount");
        }
    }

    @ParameterizedTest
    @CsvSource({"FIXED_AMOUNT, 0", "FIXED_AMOUNT, -100", "PERCENTAGE, 0"})
    void refusesADiscountValueThatIsNotPositive(DiscountType type, long value) {
        assertValidationFails(() -> new DiscountPolicy(type, value, null, 0), "discountValue must be positive");
    }

    @Test
    void refusesAMissingType() {
        assertValidationFails(() -> new DiscountPolicy(null, 10, null, 0), "discountType");
    }

    private static void assertValidationFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable definition,
                                              String detail) {
        assertThatThrownBy(definition).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.detail()).contains(detail);
        });
    }
}
