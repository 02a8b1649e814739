package dev.flashsale.coupon.application;

import dev.flashsale.contracts.Money;
import dev.flashsale.coupon.domain.Coupon;
import dev.flashsale.coupon.domain.DiscountType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCouponsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void offersAPercentageWithCapAFixedAmountAndASmallFlashSaleOpenNow() {
        List<Coupon> demo = DemoCoupons.definitions(NOW);

        assertThat(demo).hasSize(3).allSatisfy(coupon -> assertThat(coupon.issueWindow().isOpenAt(NOW)).isTrue());
        assertThat(demo.get(0).discountPolicy().type()).isEqualTo(DiscountType.PERCENTAGE);
        assertThat(demo.get(0).discountPolicy().discountFor(Money.won(100_000))).isEqualTo(Money.won(5_000));
        assertThat(demo.get(1).discountPolicy().type()).isEqualTo(DiscountType.FIXED_AMOUNT);
        assertThat(demo.get(1).discountPolicy().admits(Money.won(19_999))).isFalse();
        assertThat(demo.get(2).totalQuantity()).isEqualTo(100);
    }
}
