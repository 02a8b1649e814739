package dev.flashsale.product.domain;

import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;
import jakarta.persistence.Embeddable;

/**
 * One line of a reservation, with the names and the unit price the variant had when it was reserved: the
 * order is charged this price whatever the catalog says later.
 */
@Embeddable
public record ReservedItem(long variantId, long productId, String productName, String variantName,
                           int quantity, long unitPrice) {

    static ReservedItem of(Variant variant, String productName, Quantity quantity) {
        return new ReservedItem(variant.id(), variant.productId(), productName, variant.name(),
                quantity.units(), variant.price().won());
    }

    public Quantity units() {
        return Quantity.of(quantity);
    }

    public Money price() {
        return Money.won(unitPrice);
    }
}
