package dev.flashsale.product.domain;

import java.util.List;

/**
 * The stock of many variants checked at one instant: what a load test reads after the storm to prove that
 * nothing was oversold and no unit was lost or made up.
 */
public record StockAudit(List<VariantStockAudit> variants, Totals totals, int inconsistentVariants,
                         int negativeStockVariants, boolean consistent) {

    public StockAudit {
        variants = List.copyOf(variants);
    }

    public static StockAudit of(List<VariantStockAudit> variants) {
        long initial = 0;
        long adjustments = 0;
        long orderable = 0;
        long reserved = 0;
        long sold = 0;
        int inconsistent = 0;
        int negative = 0;
        for (VariantStockAudit variant : variants) {
            initial += variant.initialStock();
            adjustments += variant.adjustments();
            orderable += variant.orderable();
            reserved += variant.reserved();
            sold += variant.sold();
            inconsistent += variant.consistent() ? 0 : 1;
            negative += variant.negative() ? 1 : 0;
        }
        return new StockAudit(variants, new Totals(initial, adjustments, orderable, reserved, sold),
                inconsistent, negative, inconsistent == 0);
    }

    /** The counters summed over every audited variant. */
    public record Totals(long initialStock, long adjustments, long orderable, long reserved, long sold) {
    }
}
