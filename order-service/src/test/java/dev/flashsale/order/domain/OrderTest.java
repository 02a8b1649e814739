package dev.flashsale.order.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.flashsale.order.domain.OrderTestData.LIMITS;
import static dev.flashsale.order.domain.OrderTestData.anOrder;
import static dev.flashsale.order.domain.OrderTestData.pricedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void aNewOrderIsPendingAndUnpriced() {
        Order order = Order.place(7, List.of(new OrderLine(12, 2), new OrderLine(13, 1)), 88L, LIMITS, NOW);

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.totalAmountOrNull()).isNull();
        assertThat(order.items()).extracting(OrderItem::variantId, OrderItem::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(12L, 2), org.assertj.core.groups.Tuple.tuple(13L, 1));
        assertThat(order.items()).allSatisfy(item -> assertThat(item.unitPrice()).isNull());
    }

    @Test
    void rejectsAnOrderWithoutLines() {
        assertInvalid(() -> Order.place(7, List.of(), null, LIMITS, NOW), "items must not be empty");
    }

    @Test
    void rejectsTheSameVariantOnTwoLines() {
        assertInvalid(() -> Order.place(7, List.of(new OrderLine(12, 1), new OrderLine(12, 2)), null, LIMITS, NOW),
                "variant 12 appears on more than one line");
    }

    @Test
    void rejectsMoreLinesThanTheLimit() {
        List<OrderLine> lines = IntStream.rangeClosed(1, 51).mapToObj(i -> new OrderLine(i, 1)).toList();
        assertInvalid(() -> Order.place(7, lines, null, LIMITS, NOW), "at most 50 lines");
    }

    @Test
    void rejectsMoreUnitsOfOneVariantThanTheLimit() {
        assertInvalid(() -> Order.place(7, List.of(new OrderLine(12, 1001)), null, LIMITS, NOW), "at most 1000 units");
    }

    @Test
    void rejectsANonPositiveCouponId() {
        assertInvalid(() -> Order.place(7, List.of(new OrderLine(12, 1)), 0L, LIMITS, NOW), "userCouponId must be positive");
    }

    @Test
    void takesItsTotalFromTheReservedPrices() {
        Order order = anOrder().withLine(12, 2).withLine(13, 3).build();

        order.priceWith(pricedAt(order, 19_000));

        assertThat(order.totalAmountOrNull()).isEqualTo(5 * 19_000L);
        assertThat(order.items()).allSatisfy(item -> assertThat(item.unitPrice()).isEqualTo(19_000L));
    }

    @Test
    void refusesPricesForLinesItDoesNotHave() {
        Order order = anOrder().withLine(12, 2).build();
        Order other = anOrder().withLine(99, 2).build();

        assertThatThrownBy(() -> order.priceWith(pricedAt(other, 1000))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDiscountNeverExceedsTheTotal() {
        Order order = anOrder().withLine(12, 1).build();
        order.priceWith(pricedAt(order, 3000));

        order.discount(5000);

        assertThat(order.discountAmount()).isEqualTo(3000);
        assertThat(order.payableAmount()).isZero();
    }

    @Test
    void completesAndCancelsOnlyOnce() {
        Order order = anOrder().build();
        order.priceWith(pricedAt(order, 1000));
        order.complete(NOW);

        assertThat(order.paidAmount()).isEqualTo(2000);
        assertThatThrownBy(() -> order.cancel(ErrorCode.TIMEOUT, NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> order.needsAttention(ErrorCode.TIMEOUT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOrderWhoseGivingBackStalledNeedsAttentionUntilItIsCancelled() {
        Order order = anOrder().build();

        order.needsAttention(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(order.status()).isEqualTo(OrderStatus.NEEDS_ATTENTION);
        assertThat(order.failureReason()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(order.isPending()).isFalse();

        order.cancel(ErrorCode.INSUFFICIENT_BALANCE, NOW);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.paidAmount()).isZero();
        assertThatThrownBy(() -> order.complete(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void mapsParticipantReasonsOntoTheOrdersFailureReasons() {
        assertThat(FailureReasons.ofStock(ErrorCode.PRODUCT_NOT_FOUND)).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        assertThat(FailureReasons.ofStock(ErrorCode.VALIDATION_FAILED)).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(FailureReasons.ofCoupon(ErrorCode.COUPON_EXPIRED)).isEqualTo(ErrorCode.COUPON_EXPIRED);
        assertThat(FailureReasons.ofCoupon(ErrorCode.COUPON_NOT_FOUND)).isEqualTo(ErrorCode.COUPON_NOT_USABLE);
        assertThat(FailureReasons.ofBalance(ErrorCode.USER_NOT_FOUND)).isEqualTo(ErrorCode.USER_NOT_FOUND);
        assertThat(FailureReasons.ofBalance(ErrorCode.CONFLICT)).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.detail()).contains(detail);
        });
    }
}
