package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserCouponTest {

    private static final Instant ISSUED = Instant.parse("2026-11-20T01:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(7));
    private static final long OWNER = 7;
    private static final DiscountPolicy TEN_PERCENT_FROM_10000 = DiscountPolicy.percentage(10, 5_000L, 10_000);

    private final UserCoupon coupon = UserCoupon.issued(88, 5, OWNER, ISSUED, EXPIRES);

    @Test
    void isUnusedUntilItsExpiryAndExpiredFromIt() {
        assertThat(coupon.statusAt(EXPIRES.minusNanos(1))).isEqualTo(UserCouponStatus.UNUSED);
        assertThat(coupon.statusAt(EXPIRES)).isEqualTo(UserCouponStatus.EXPIRED);
    }

    @Test
    void becomesUsedWithTheTimeAndOrderAndGivesThePolicysDiscount() {
        Instant now = ISSUED.plus(Duration.ofDays(1));

        Money discount = coupon.use(1001, OWNER, Money.won(38_000), TEN_PERCENT_FROM_10000, now);

        assertThat(discount).isEqualTo(Money.won(3_800));
        assertThat(coupon.statusAt(now)).isEqualTo(UserCouponStatus.USED);
        assertThat(coupon.usedAt()).isEqualTo(now);
        assertThat(coupon.usedOrderId()).isEqualTo(1001L);
    }

    @Test
    void staysUsedPastItsExpiry() {
        coupon.use(1001, OWNER, Money.won(38_000), TEN_PERCENT_FROM_10000, ISSUED);

        assertThat(coupon.statusAt(EXPIRES.plus(Duration.ofDays(30)))).isEqualTo(UserCouponStatus.USED);
    }

    @Test
    void cannotBeUsedBySomeoneElse() {
        assertRejected(() -> coupon.use(1001, 8, Money.won(38_000), TEN_PERCENT_FROM_10000, ISSUED),
                ErrorCode.COUPON_NOT_USABLE, "another user");
        assertThat(coupon.statusAt(ISSUED)).isEqualTo(UserCouponStatus.UNUSED);
    }

    @Test
    void cannotBeUsedTwice() {
        coupon.use(1001, OWNER, Money.won(38_000), TEN_PERCENT_FROM_10000, ISSUED);

        assertRejected(() -> coupon.use(1002, OWNER, Money.won(38_000), TEN_PERCENT_FROM_10000, ISSUED),
                ErrorCode.COUPON_NOT_USABLE, "already used by order 1001");
        assertThat(coupon.usedOrderId()).isEqualTo(1001L);
    }

    @Test
    void cannotBeUsedFromItsExpiry() {
        assertRejected(() -> coupon.use(1001, OWNER, Money.won(38_000), TEN_PERCENT_FROM_10000, EXPIRES),
                ErrorCode.COUPON_EXPIRED, "expired");
        assertThat(coupon.usedOrderId()).isNull();
    }

    @Test
    void cannotBeUsedOnAnOrderBelowTheMinimumAndStaysUnused() {
        assertRejected(() -> coupon.use(1001, OWNER, Money.won(9_999), TEN_PERCENT_FROM_10000, ISSUED),
                ErrorCode.COUPON_NOT_USABLE, "below");
        assertThat(coupon.statusAt(ISSUED)).isEqualTo(UserCouponStatus.UNUSED);
        assertThat(coupon.usedAt()).isNull();
    }

    @Test
    void readBackAsStoredKeepsWhoUsedItAndRefusesAnotherOrder() {
        UserCoupon used = UserCoupon.stored(88, 5, OWNER, UserCouponStatus.USED, ISSUED, EXPIRES, ISSUED, 1001L);

        assertRejected(() -> used.use(1002, OWNER, Money.won(38_000), TEN_PERCENT_FROM_10000, ISSUED),
                ErrorCode.COUPON_NOT_USABLE, "already used by order 1001");
        assertThat(used.statusAt(EXPIRES.plus(Duration.ofDays(1)))).isEqualTo(UserCouponStatus.USED);
    }

    @Test
    void givenBackAndPastItsExpiryShowsAsExpired() {
        UserCoupon givenBack = UserCoupon.stored(88, 5, OWNER, UserCouponStatus.UNUSED, ISSUED, EXPIRES, null, null);

        assertThat(givenBack.statusAt(EXPIRES)).isEqualTo(UserCouponStatus.EXPIRED);
        assertThatThrownBy(() -> UserCoupon.stored(88, 5, OWNER, UserCouponStatus.EXPIRED, ISSUED, EXPIRES, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable use, ErrorCode code,
                                       String detail) {
        assertThatThrownBy(use).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.detail()).contains(detail);
        });
    }
}
