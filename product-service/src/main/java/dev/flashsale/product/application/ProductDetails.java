package dev.flashsale.product.application;

import dev.flashsale.product.domain.Product;
import dev.flashsale.product.domain.Variant;

import java.util.List;

/** A product with its variants, as the catalog shows it. */
public record ProductDetails(Product product, List<Variant> variants) {

    public ProductDetails {
        variants = List.copyOf(variants);
    }
}
