package dev.flashsale.product;

import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.events.OrderItem;
import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.product.application.ProductDetails;
import dev.flashsale.product.domain.ProductDraft;
import dev.flashsale.product.domain.ProductDraft.VariantDraft;
import dev.flashsale.product.domain.Variant;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Products and order ids of one test: every test makes its own, so tests never share a row. */
public final class TestData {

    private static final AtomicLong ORDER_IDS = new AtomicLong(1_000_000);

    private TestData() {
    }

    public static long newOrderId() {
        return ORDER_IDS.incrementAndGet();
    }

    /** A new product with one variant per stock given, each priced 1,000 won more than the one before. */
    public static List<Variant> newVariants(ProductCatalog catalog, int... stocks) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        List<VariantDraft> variants = new ArrayList<>();
        for (int i = 0; i < stocks.length; i++) {
            variants.add(new VariantDraft("option " + (i + 1), Money.won(10_000 + 1_000L * i), Quantity.of(stocks[i])));
        }
        ProductDetails created = catalog.create(new ProductDraft("product " + unique, "made by a test", variants));
        return created.variants();
    }

    public static Variant newVariant(ProductCatalog catalog, int stock) {
        return newVariants(catalog, stock).get(0);
    }

    public static OrderLine line(Variant variant, int quantity) {
        return new OrderLine(variant.id(), quantity);
    }

    /** The OrderCompleted that order-service publishes once the order of {@code quantity} of {@code variant} is paid. */
    public static OrderCompleted completed(long orderId, Variant variant, int quantity) {
        long total = variant.price().won() * quantity;
        return new OrderCompleted(orderId, 7, List.of(new OrderItem(variant.productId(), variant.id(), quantity,
                variant.price().won(), "a product")), total, 0, total, null,
                OffsetDateTime.parse("2026-11-22T10:15:30+09:00"));
    }
}
