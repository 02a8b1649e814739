package dev.flashsale.order.domain;

import dev.flashsale.contracts.saga.ReservedLine;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One line of an order: what the client asked for, and once stock is reserved, what product-service
 * priced it at.
 */
@Embeddable
public class OrderItem {

    @Column(name = "variant_id", nullable = false)
    private long variantId;
    @Column(nullable = false)
    private int quantity;
    @Column(name = "product_id")
    private Long productId;
    @Column(name = "product_name")
    private String productName;
    @Column(name = "variant_name")
    private String variantName;
    @Column(name = "unit_price")
    private Long unitPrice;

    protected OrderItem() {
    }

    OrderItem(long variantId, int quantity) {
        this.variantId = variantId;
        this.quantity = quantity;
    }

    void price(ReservedLine line) {
        if (line.quantity() != quantity) {
            throw new IllegalArgumentException("variant " + variantId + " was reserved " + line.quantity()
                    + " times, the order asked for " + quantity);
        }
        productId = line.productId();
        productName = line.productName();
        variantName = line.variantName();
        unitPrice = line.unitPrice();
    }

    long amount() {
        return Math.multiplyExact(unitPrice, (long) quantity);
    }

    public long variantId() {
        return variantId;
    }

    public int quantity() {
        return quantity;
    }

    /** Null until the stock is reserved. */
    public Long productId() {
        return productId;
    }

    public String productName() {
        return productName;
    }

    public String variantName() {
        return variantName;
    }

    /** Null until the stock is reserved. */
    public Long unitPrice() {
        return unitPrice;
    }
}
