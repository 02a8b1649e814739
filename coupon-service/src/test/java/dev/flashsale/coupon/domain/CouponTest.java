package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CouponTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");
    private static final IssueWindow WINDOW = new IssueWindow(NOW, NOW.plus(Duration.ofHours(2)));
    private static final DiscountPolicy POLICY = DiscountPolicy.fixedAmount(1_000, 0);

    @Test
    void startsWithItsWholeQuantityRemaining() {
        Coupon coupon = Coupon.define(" flash ", POLICY, 100, WINDOW, 7, NOW);

        assertThat(coupon.remainingQuantity()).isEqualTo(100);
        assertThat(coupon.name()).isEqualTo("flash");
    }

    @Test
    void refusesANonPositiveQuantity() {
        assertInvalid(() -> Coupon.define("c", POLICY, 0, WINDOW, 7, NOW), "totalQuantity");
        assertInvalid(() -> Coupon.define("c", POLICY, -3, WINDOW, 7, NOW), "totalQuantity");
    }

    @Test
    void refusesABlankOrOverlongName() {
        assertInvalid(() -> Coupon.define(" ", POLICY, 1, WINDOW, 7, NOW), "name");
        assertInvalid(() -> Coupon.define("x".repeat(101), POLICY, 1, WINDOW, 7, NOW), "name");
    }

    @Test
    void refusesValidDaysOutsideOneToTenYears() {
        assertInvalid(() -> Coupon.define("c", POLICY, 1, WINDOW, 0, NOW), "validDays");
        assertInvalid(() -> Coupon.define("c", POLICY, 1, WINDOW, 3651, NOW), "validDays");
    }

    @Test
    void refusesAWindowThatDoesNotEndAfterItStarts() {
        assertInvalid(() -> new IssueWindow(NOW, NOW), "before");
        assertInvalid(() -> new IssueWindow(NOW, NOW.minusSeconds(1)), "before");
    }

    @Test
    void isIssuableFromTheWindowsStartUntilJustBeforeItsEnd() {
        assertThat(WINDOW.isOpenAt(WINDOW.startsAt().minusNanos(1))).isFalse();
        assertThat(WINDOW.isOpenAt(WINDOW.startsAt())).isTrue();
        assertThat(WINDOW.isOpenAt(WINDOW.endsAt().minusNanos(1))).isTrue();
        assertThat(WINDOW.isOpenAt(WINDOW.endsAt())).isFalse();
    }

    @Test
    void expiresAnIssuedCouponItsValidDaysLater() {
        CouponTerms terms = new CouponTerms(5, "c", POLICY, 100, WINDOW, 7);

        assertThat(terms.expiryFor(NOW)).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable definition, String detail) {
        assertThatThrownBy(definition).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.detail()).contains(detail);
        });
    }
}
