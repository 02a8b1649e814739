package dev.flashsale.ranking.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderSaleTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @Test
    void fallsOnTheDayTheOrderCompletedInSeoul() {
        OrderSale lastSecond = OrderSale.of(1, Instant.parse("2026-11-22T14:59:59Z"), SEOUL, List.of(new OrderSale.Line(3, "tee", 1)));
        OrderSale firstSecond = OrderSale.of(2, Instant.parse("2026-11-22T15:00:00Z"), SEOUL, List.of(new OrderSale.Line(3, "tee", 1)));

        assertThat(lastSecond.day()).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(firstSecond.day()).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void makesOneLineOfTwoVariantsOfAProduct() {
        OrderSale sale = OrderSale.of(1, Instant.parse("2026-11-22T01:00:00Z"), SEOUL, List.of(
                new OrderSale.Line(3, "tee", 2), new OrderSale.Line(4, "cap", 1), new OrderSale.Line(3, null, 5)));

        assertThat(sale.lines()).containsExactly(new OrderSale.Line(3, "tee", 7), new OrderSale.Line(4, "cap", 1));
    }

    @Test
    void takesABlankProductNameForUnknown() {
        assertThat(new OrderSale.Line(3, "  ", 1).productName()).isNull();
        assertThat(new OrderSale.Line(3, " tee ", 1).productName()).isEqualTo("tee");
    }

    @Test
    void refusesALineWithoutUnits() {
        assertThatThrownBy(() -> new OrderSale.Line(3, "tee", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
