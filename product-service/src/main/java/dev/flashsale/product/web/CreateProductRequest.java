package dev.flashsale.product.web;

import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;
import dev.flashsale.product.domain.ProductDraft;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code POST /api/v1/admin/products}. */
public record CreateProductRequest(
        @NotBlank @Size(max = ProductDraft.MAX_NAME_LENGTH) String name,
        @Size(max = ProductDraft.MAX_DESCRIPTION_LENGTH) String description,
        @NotEmpty @Size(max = ProductDraft.MAX_VARIANTS) List<@NotNull @Valid VariantRequest> variants) {

    /** A billion won a unit and a billion units a variant: far beyond any shop, far below an overflow. */
    static final long MAX_PRICE = 1_000_000_000L;
    static final long MAX_STOCK = 1_000_000_000L;

    public record VariantRequest(
            @NotBlank @Size(max = ProductDraft.VariantDraft.MAX_NAME_LENGTH) String name,
            @NotNull @PositiveOrZero @Max(MAX_PRICE) Long price,
            @NotNull @PositiveOrZero @Max(MAX_STOCK) Integer stock) {
    }

    ProductDraft toDraft() {
        return new ProductDraft(name, description, variants.stream()
                .map(variant -> new ProductDraft.VariantDraft(variant.name(), Money.won(variant.price()),
                        Quantity.of(variant.stock())))
                .toList());
    }
}
