package dev.flashsale.contracts.events;

import dev.flashsale.contracts.Guards;

/** One line of a completed or cancelled order, as the data platform sees it. */
public record OrderItem(long productId, long variantId, int quantity, long unitPrice, String productName) {
    public OrderItem {
        Guards.positive(productId, "productId");
        Guards.positive(variantId, "variantId");
        Guards.positive(quantity, "quantity");
        Guards.notNegative(unitPrice, "unitPrice");
    }
}
