package dev.flashsale.product.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StockAuditTest {

    @Test
    void isConsistentWhenEveryUnitIsOrderableReservedOrSoldAsTheReservationsSay() {
        VariantStockAudit variant = new VariantStockAudit(1, 1, 100, 10, 60, 20, 30, 20, 30);

        assertThat(variant.consistent()).isTrue();
        assertThat(StockAudit.of(List.of(variant)).consistent()).isTrue();
    }

    @Test
    void flagsAVariantWhoseCountersLostAUnit() {
        assertThat(new VariantStockAudit(1, 1, 100, 0, 60, 20, 19, 20, 19).consistent()).isFalse();
    }

    @Test
    void flagsAVariantWhoseReservedUnitsNoReservationHolds() {
        assertThat(new VariantStockAudit(1, 1, 100, 0, 60, 20, 20, 19, 20).consistent()).isFalse();
        assertThat(new VariantStockAudit(1, 1, 100, 0, 60, 20, 20, 20, 21).consistent()).isFalse();
    }

    @Test
    void countsNegativeStockAndSumsTheCounters() {
        StockAudit audit = StockAudit.of(List.of(
                new VariantStockAudit(1, 1, 10, 0, 10, 0, 0, 0, 0),
                new VariantStockAudit(2, 1, 10, 0, -1, 11, 0, 11, 0)));

        assertThat(audit.negativeStockVariants()).isEqualTo(1);
        assertThat(audit.inconsistentVariants()).isEqualTo(1);
        assertThat(audit.consistent()).isFalse();
        assertThat(audit.totals()).isEqualTo(new StockAudit.Totals(20, 0, 9, 11, 0));
    }
}
