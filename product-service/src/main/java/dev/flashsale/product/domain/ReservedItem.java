package dev.flashsale.product.domain;

import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;

/**
 * One line of a reservation, with the names and the unit price the variant had when it was reserved: the
 * order is charged this price whatever the catalog says later.
 */
public record ReservedItem(long variantId, long productId, String productName, String variantName,
                           int quantity, long unitPrice) {

    static ReservedItem of(VariantStock variant, Quantity quantity) {
        return new ReservedItem(variant.variantId(), variant.productId(), variant.productName(), variant.variantName(),
                quantity.units(), variant.unitPrice());
    }

    public Quantity units() {
        return Quantity.of(quantity);
    }

    public Money price() {
        return Money.won(unitPrice);
    }
}
