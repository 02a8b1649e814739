package dev.flashsale.product.web;

import dev.flashsale.product.domain.StockAudit;
import dev.flashsale.product.domain.VariantStockAudit;

import java.util.List;

/**
 * {@code GET /api/v1/admin/products/audit}: the stock of every variant checked at one instant. {@code consistent}
 * is true when for every variant {@code initialStock + adjustments = orderable + reserved + sold}, no counter is
 * negative, {@code reserved} equals the units its open reservations hold and {@code sold} the units its confirmed
 * reservations sold.
 */
public record StockAuditResponse(boolean consistent, int variantCount, int inconsistentVariants,
                                 int negativeStockVariants, StockAudit.Totals totals, List<VariantAudit> variants) {

    static StockAuditResponse of(StockAudit audit) {
        return new StockAuditResponse(audit.consistent(), audit.variants().size(), audit.inconsistentVariants(),
                audit.negativeStockVariants(), audit.totals(), audit.variants().stream().map(VariantAudit::of).toList());
    }

    public record VariantAudit(long variantId, long productId, long initialStock, long adjustments, long orderable,
                               long reserved, long sold, long heldByReservations, long soldByReservations,
                               boolean consistent) {
        static VariantAudit of(VariantStockAudit variant) {
            return new VariantAudit(variant.variantId(), variant.productId(), variant.initialStock(),
                    variant.adjustments(), variant.orderable(), variant.reserved(), variant.sold(),
                    variant.heldByReservations(), variant.soldByReservations(), variant.consistent());
        }
    }
}
