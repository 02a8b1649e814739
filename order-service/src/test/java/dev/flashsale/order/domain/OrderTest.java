package dev.flashsale.order.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.OrderLine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.flashsale.order.domain.OrderTestData.LIMITS;
import static dev.flashsale.order.domain.OrderTestData.anOrder;
import static dev.flashsale.order.domain.OrderTestData.reservedAt;
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

        order.priceWith(reservedAt(order, 19_000));

        assertThat(order.totalAmountOrNull()).isEqualTo(5 * 19_000L);
        assertThat(order.items()).allSatisfy(item -> assertThat(item.unitPrice()).isEqualTo(19_000L));
    }

    @Test
    void refusesPricesForLinesItDoesNotHave() {
        Order order = anOrder().withLine(12, 2).build();
        Order other = anOrder().withLine(99, 2).build();

        assertThatThrownBy(() -> order.priceWith(reservedAt(other, 1000))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDiscountNeverExceedsTheTotal() {
        Order order = anOrder().withLine(12, 1).build();
        order.priceWith(reservedAt(order, 3000));

        order.discount(5000);

        assertThat(order.discountAmount()).isEqualTo(3000);
        assertThat(order.payableAmount()).isZero();
    }

    @Test
    void completesAndCancelsOnlyOnce() {
        Order order = anOrder().build();
        order.priceWith(reservedAt(order, 1000));
        order.complete(NOW.atOffset(java.time.ZoneOffset.ofHours(9)));

        assertThat(order.paidAmount()).isEqualTo(2000);
        assertThatThrownBy(() -> order.cancel(ErrorCode.TIMEOUT, NOW.atOffset(java.time.ZoneOffset.UTC)))
                .isInstanceOf(IllegalStateException.class);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.detail()).contains(detail);
        });
    }
}
