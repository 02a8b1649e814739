package dev.flashsale.contracts.saga;

import dev.flashsale.contracts.Guards;

import java.util.Objects;

/** One reserved line, priced by product-service at reservation time (never by the client). */
public record ReservedLine(long variantId, long productId, String productName, String variantName,
                           int quantity, long unitPrice) {
    public ReservedLine {
        Guards.positive(variantId, "variantId");
        Guards.positive(productId, "productId");
        Objects.requireNonNull(productName, "productName");
        Guards.positive(quantity, "quantity");
        Guards.notNegative(unitPrice, "unitPrice");
    }

    public long lineAmount() {
        return Math.multiplyExact(unitPrice, (long) quantity);
    }
}
