package dev.flashsale.product.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Quantity;
import org.junit.jupiter.api.Test;

import static dev.flashsale.product.domain.VariantTestData.conserved;
import static dev.flashsale.product.domain.VariantTestData.holding;
import static dev.flashsale.product.domain.VariantTestData.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariantTest {

    @Test
    void startsWithAllItsStockOrderable() {
        Variant variant = variant(12, 100);

        assertThat(variant.orderable()).isEqualTo(100);
        assertThat(variant.reserved()).isZero();
        assertThat(variant.sold()).isZero();
        assertThat(conserved(variant)).isTrue();
    }

    @Test
    void addsAndTakesAwayOrderableUnitsAsAdjustments() {
        Variant variant = variant(12, 10);

        variant.adjustStock(50);
        variant.adjustStock(-20);

        assertThat(variant.orderable()).isEqualTo(40);
        assertThat(variant.stockAdjustment()).isEqualTo(30);
        assertThat(conserved(variant)).isTrue();
    }

    @Test
    void cannotTakeAwayReservedUnits() {
        Variant variant = holding(12, 10, 8);

        assertThatThrownBy(() -> variant.adjustStock(-3))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo(ErrorCode.OUT_OF_STOCK))
                .hasMessage("variant 12 has 2 orderable, cannot take away 3");
        assertThat(variant.orderable()).isEqualTo(2);
        assertThat(variant.stockAdjustment()).isZero();
    }

    @Test
    void refusesAnAdjustmentThatWouldOverflowItsCounters() {
        Variant variant = variant(12, 10);

        assertThatThrownBy(() -> variant.adjustStock(Integer.MAX_VALUE))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(variant.orderable()).isEqualTo(10);
    }
}
