package dev.flashsale.product.web;

import dev.flashsale.product.application.ProductDetails;
import dev.flashsale.product.domain.Variant;

import java.util.List;

/** A product as customers see it; {@code stock} is what can still be ordered (reserved units are not counted). */
public record ProductResponse(long productId, String name, String description, List<VariantView> variants) {

    static ProductResponse of(ProductDetails details) {
        return new ProductResponse(details.product().id(), details.product().name(), details.product().description(),
                details.variants().stream().map(VariantView::of).toList());
    }

    public record VariantView(long variantId, String name, long price, int stock) {
        static VariantView of(Variant variant) {
            return new VariantView(variant.id(), variant.name(), variant.price().won(), variant.orderable());
        }
    }
}
