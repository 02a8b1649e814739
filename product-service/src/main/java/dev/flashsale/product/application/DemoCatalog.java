package dev.flashsale.product.application;

import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;
import dev.flashsale.product.domain.ProductDraft;
import dev.flashsale.product.domain.ProductDraft.VariantDraft;
import dev.flashsale.product.persistence.ProductRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Demo products for the local stack, created on the first start against an empty catalog: a few ordinary
 * products with variants, and one flash-sale product with little stock to fight over.
 */
@Component
@Profile("local")
@ConditionalOnBooleanProperty(name = "flashsale.product.demo-data", matchIfMissing = true)
class DemoCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    static final List<ProductDraft> PRODUCTS = List.of(
            new ProductDraft("Flash sale: limited sneakers", "Only 10 pairs, once they are gone they are gone.",
                    List.of(variant("270mm", 99_000, 10))),
            new ProductDraft("Classic tee", "Heavy cotton, regular fit.", List.of(
                    variant("S/black", 19_000, 100), variant("M/black", 19_000, 100),
                    variant("L/black", 19_000, 100), variant("M/white", 19_000, 100))),
            new ProductDraft("Zip hoodie", "Brushed fleece inside.", List.of(
                    variant("M/grey", 49_000, 50), variant("L/grey", 49_000, 50))),
            new ProductDraft("Drip coffee beans 1kg", "Medium roast.", List.of(
                    variant("whole bean", 32_000, 200), variant("ground", 32_000, 200))),
            new ProductDraft("Canvas tote bag", "", List.of(variant("natural", 12_000, 300))));

    private final ProductRepository products;
    private final ProductCatalog catalog;

    DemoCatalog(ProductRepository products, ProductCatalog catalog) {
        this.products = products;
        this.catalog = catalog;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (products.count() > 0) {
            return;
        }
        PRODUCTS.forEach(catalog::create);
        log.info("Created {} demo products", PRODUCTS.size());
    }

    private static VariantDraft variant(String name, long price, int stock) {
        return new VariantDraft(name, Money.won(price), Quantity.of(stock));
    }
}
