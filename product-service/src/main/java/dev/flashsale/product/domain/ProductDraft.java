package dev.flashsale.product.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A product as an admin asks for it, checked before anything is stored: a name, at least one variant, and
 * variant names a customer can tell apart.
 */
public record ProductDraft(String name, String description, List<VariantDraft> variants) {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 2000;
    public static final int MAX_VARIANTS = 100;

    public ProductDraft {
        name = requireText(name, "name", MAX_NAME_LENGTH);
        description = description == null ? "" : description.strip();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw invalid("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (variants == null || variants.isEmpty()) {
            throw invalid("a product needs at least one variant");
        }
        if (variants.size() > MAX_VARIANTS) {
            throw invalid("a product has at most " + MAX_VARIANTS + " variants, got " + variants.size());
        }
        variants = List.copyOf(variants);
        Set<String> names = new HashSet<>();
        for (VariantDraft variant : variants) {
            if (!names.add(variant.name().toLowerCase(Locale.ROOT))) {
                throw invalid("two variants are called \"" + variant.name() + "\"");
            }
        }
    }

    /** One variant of a draft: its name, its price, and how many units it starts with. */
    public record VariantDraft(String name, Money price, Quantity stock) {

        public static final int MAX_NAME_LENGTH = 100;

        public VariantDraft {
            name = requireText(name, "variant name", MAX_NAME_LENGTH);
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(stock, "stock");
        }
    }

    private static String requireText(String value, String what, int maxLength) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.length() > maxLength) {
            throw invalid(what + " must be 1 to " + maxLength + " characters");
        }
        return text;
    }

    private static DomainException invalid(String detail) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
