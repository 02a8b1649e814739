package dev.flashsale.product.web;

import dev.flashsale.product.application.ProductCatalog;
import dev.flashsale.web.PagedResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What customers read: the catalog, with the stock they can still order. */
@RestController
@RequestMapping("/api/v1/products")
class ProductController {

    static final int MAX_PAGE_SIZE = 100;

    private final ProductCatalog catalog;

    ProductController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    PagedResponse<ProductResponse> products(@RequestParam(defaultValue = "0") @Min(0) int page,
                                            @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return catalog.page(page, size).map(ProductResponse::of);
    }

    @GetMapping("/{productId}")
    ProductResponse product(@PathVariable long productId) {
        return ProductResponse.of(catalog.product(productId));
    }
}
