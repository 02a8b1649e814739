package dev.flashsale.product.domain;

import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;

import java.lang.reflect.Field;
import java.time.Instant;

/** Variants as the database would hand them back: with an id, without a database. */
final class VariantTestData {

    static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    private VariantTestData() {
    }

    static Variant variant(long id, int stock) {
        return variant(id, 1, "M/black", 19_000, stock);
    }

    static Variant variant(long id, long productId, String name, long price, int stock) {
        Variant variant = Variant.create(productId, new ProductDraft.VariantDraft(name, Money.won(price), Quantity.of(stock)), NOW);
        try {
            Field field = Variant.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(variant, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return variant;
    }

    /** A variant of which {@code reserved} units are held for orders, as the saga's store leaves it. */
    static Variant holding(long id, int stock, int reserved) {
        Variant variant = variant(id, stock);
        set(variant, "orderable", stock - reserved);
        set(variant, "reserved", reserved);
        return variant;
    }

    private static void set(Variant variant, String field, int value) {
        try {
            Field counter = Variant.class.getDeclaredField(field);
            counter.setAccessible(true);
            counter.set(variant, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** initial stock + adjustments = orderable + reserved + sold */
    static boolean conserved(Variant variant) {
        return variant.initialStock() + variant.stockAdjustment() == variant.orderable() + variant.reserved() + variant.sold();
    }
}
