package dev.flashsale.product.web;

import dev.flashsale.product.domain.Variant;

/** A variant after an admin changed its stock: {@code stock} is orderable, next to what is reserved and sold. */
public record VariantStockResponse(long variantId, long productId, String name, long price, int stock, int reserved,
                                   int sold) {

    static VariantStockResponse of(Variant variant) {
        return new VariantStockResponse(variant.id(), variant.productId(), variant.name(), variant.price().won(),
                variant.orderable(), variant.reserved(), variant.sold());
    }
}
