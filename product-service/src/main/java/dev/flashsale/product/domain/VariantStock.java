package dev.flashsale.product.domain;

import dev.flashsale.contracts.Quantity;

import java.util.Objects;

/**
 * A variant as the saga's stock step sees it, read while its row is locked: what can still be ordered, at which
 * price, under which names. The order is charged this price whatever the catalog says later.
 */
public record VariantStock(long variantId, long productId, String productName, String variantName, long unitPrice,
                           int orderable) {
    public VariantStock {
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(variantName, "variantName");
    }

    public boolean canReserve(Quantity quantity) {
        return orderable >= quantity.units();
    }
}
