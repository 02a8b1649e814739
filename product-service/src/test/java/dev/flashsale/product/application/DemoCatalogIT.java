package dev.flashsale.product.application;

import dev.flashsale.product.ProductIntegrationTest;
import dev.flashsale.product.persistence.ProductRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.flashsale.product.TestData.newVariant;
import static org.assertj.core.api.Assertions.assertThat;

/** The local profile's demo data, run by hand here because the test context does not use that profile. */
@ProductIntegrationTest
class DemoCatalogIT {

    @Autowired
    ProductRepository products;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void fillsAnEmptyCatalogWithProductsAndAFlashSaleWithLittleStock() {
        DemoCatalog demo = new DemoCatalog(products, catalog);

        // The shared test database is not empty: empty it inside a transaction that is rolled back.
        transactions.executeWithoutResult(transaction -> {
            jdbc.update("DELETE FROM stock_reservation_line");
            jdbc.update("DELETE FROM stock_reservation");
            jdbc.update("DELETE FROM variant");
            jdbc.update("DELETE FROM product");

            demo.run(null);

            assertThat(jdbc.queryForObject("SELECT count(*) FROM product", Long.class)).isEqualTo(DemoCatalog.PRODUCTS.size());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM variant", Long.class)).isGreaterThan(DemoCatalog.PRODUCTS.size());
            assertThat(jdbc.queryForObject("""
                    SELECT v.orderable FROM variant v JOIN product p ON p.id = v.product_id
                    WHERE p.name LIKE 'Flash sale%'""", Integer.class)).isEqualTo(10);
            transaction.setRollbackOnly();
        });
    }

    @Test
    void leavesACatalogThatAlreadyHasProductsAlone() {
        newVariant(catalog, 1);
        long before = products.count();

        new DemoCatalog(products, catalog).run(null);

        assertThat(products.count()).isEqualTo(before);
    }
}
