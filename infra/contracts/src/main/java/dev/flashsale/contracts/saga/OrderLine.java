package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;

/** One line of an order as the client asked for it: which variant, how many. */
public record OrderLine(long variantId, int quantity) {
    public OrderLine {
        Guards.positive(variantId, "variantId");
        Guards.positive(quantity, "quantity");
    }
}
