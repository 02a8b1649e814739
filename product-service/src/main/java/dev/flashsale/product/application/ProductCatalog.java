package dev.flashsale.product.application;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.product.domain.Product;
import dev.flashsale.product.domain.ProductDraft;
import dev.flashsale.product.domain.StockAudit;
import dev.flashsale.product.domain.Variant;
import dev.flashsale.product.persistence.ProductRepository;
import dev.flashsale.product.persistence.StockAuditRepository;
import dev.flashsale.product.persistence.VariantRepository;
import dev.flashsale.web.PagedResponse;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalog: admins create products and adjust stock, customers list and read products with the stock they
 * can still order. Reads go straight to PostgreSQL (a primary key lookup and an index range scan, measured in
 * {@code CatalogReadBenchmarkIT}) rather than through a cache: in a flash sale the stock of the hot product
 * changes with every order, so a cache would either be invalidated constantly or show stock that is gone.
 */
@Service
public class ProductCatalog {

    private final ProductRepository products;
    private final VariantRepository variants;
    private final StockAuditRepository audits;
    private final Clock clock;

    public ProductCatalog(ProductRepository products, VariantRepository variants, StockAuditRepository audits,
                          Clock clock) {
        this.products = products;
        this.variants = variants;
        this.audits = audits;
        this.clock = clock;
    }

    @Transactional
    public ProductDetails create(ProductDraft draft) {
        Instant now = clock.instant();
        Product product = products.save(Product.create(draft, now));
        List<Variant> created = variants.saveAll(draft.variants().stream()
                .map(variant -> Variant.create(product.id(), variant, now))
                .toList());
        return new ProductDetails(product, created);
    }

    @Transactional(readOnly = true)
    public ProductDetails product(long productId) {
        Product product = products.findById(productId).orElseThrow(() -> new DomainException(
                ErrorCode.PRODUCT_NOT_FOUND, "product " + productId + " does not exist"));
        return new ProductDetails(product, variants.findByProductIdInOrderByProductIdAscIdAsc(List.of(productId)));
    }

    /** Products in id order, each with its variants. */
    @Transactional(readOnly = true)
    public PagedResponse<ProductDetails> page(int page, int size) {
        Page<Product> found = products.findAll(PageRequest.of(page, size, Sort.by("id")));
        Map<Long, List<Variant>> variantsByProduct = variants.findByProductIdInOrderByProductIdAscIdAsc(
                        found.stream().map(Product::id).toList()).stream()
                .collect(Collectors.groupingBy(Variant::productId));
        List<ProductDetails> items = found.stream()
                .map(product -> new ProductDetails(product, variantsByProduct.getOrDefault(product.id(), List.of())))
                .toList();
        return PagedResponse.of(items, page, size, found.getTotalElements());
    }

    /**
     * Adds units to a variant or takes orderable ones away, under the variant's row lock like every stock change.
     * Reserved and sold units are out of reach.
     */
    @Transactional
    public Variant adjustStock(long variantId, int delta) {
        if (delta == 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "delta: must not be 0");
        }
        Variant variant = variants.lock(variantId).orElseThrow(() -> new DomainException(
                ErrorCode.PRODUCT_NOT_FOUND, "variant " + variantId + " does not exist"));
        variant.adjustStock(delta);
        return variant;
    }

    /** Every variant's counters checked against each other and against its reservations; or one product's. */
    @Transactional(readOnly = true)
    public StockAudit auditStock(Long productId) {
        return StockAudit.of(audits.variants(productId));
    }
}
