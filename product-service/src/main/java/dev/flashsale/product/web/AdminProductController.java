package dev.flashsale.product.web;

import dev.flashsale.messaging.IdempotentRequests;
import dev.flashsale.product.application.ProductCatalog;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * What admins do: create products, adjust stock, audit it. The gateway lets only the admin role through.
 * Creating a product and adjusting stock are safe to retry with an {@code Idempotency-Key}: a stock delta
 * applied twice would otherwise add its units twice.
 */
@RestController
@RequestMapping("/api/v1/admin")
class AdminProductController {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ProductCatalog catalog;
    private final IdempotentRequests idempotentRequests;

    AdminProductController(ProductCatalog catalog, IdempotentRequests idempotentRequests) {
        this.catalog = catalog;
        this.idempotentRequests = idempotentRequests;
    }

    @PostMapping("/products")
    ResponseEntity<ProductResponse> create(@Valid @RequestBody CreateProductRequest request,
                                           @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        ProductResponse created = idempotentRequests.execute("create-product", key, request, ProductResponse.class,
                () -> ProductResponse.of(catalog.create(request.toDraft())));
        return ResponseEntity.created(URI.create("/api/v1/products/" + created.productId())).body(created);
    }

    @PatchMapping("/variants/{variantId}/stock")
    VariantStockResponse adjustStock(@PathVariable long variantId, @Valid @RequestBody StockAdjustmentRequest request,
                                     @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        return idempotentRequests.execute("variant-stock:" + variantId, key, request, VariantStockResponse.class,
                () -> VariantStockResponse.of(catalog.adjustStock(variantId, request.delta())));
    }

    /** Every variant's stock checked at one instant, or only {@code productId}'s. */
    @GetMapping("/products/audit")
    StockAuditResponse audit(@RequestParam(required = false) Long productId) {
        return StockAuditResponse.of(catalog.auditStock(productId));
    }
}
