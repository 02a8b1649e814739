package dev.flashsale.order.domain;

import java.util.Objects;

/** A line as product-service reserved and priced it: the order's prices come from here, never from the client. */
public record PricedLine(long variantId, long productId, String productName, String variantName, int quantity,
                         long unitPrice) {
    public PricedLine {
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(variantName, "variantName");
        if (quantity <= 0 || unitPrice < 0) {
            throw new IllegalArgumentException("a priced line has a positive quantity and a price of at least 0");
        }
    }
}
