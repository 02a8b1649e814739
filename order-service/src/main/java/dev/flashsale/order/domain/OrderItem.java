package dev.flashsale.order.domain;

/**
 * One line of an order: what the client asked for, and once stock is reserved, what product-service
 * priced it at.
 */
public final class OrderItem {

    private final long variantId;
    private final int quantity;
    private Long productId;
    private String productName;
    private String variantName;
    private Long unitPrice;

    OrderItem(long variantId, int quantity) {
        this.variantId = variantId;
        this.quantity = quantity;
    }

    /** An item as it was stored; {@code productId}, the names and {@code unitPrice} are null until priced. */
    public static OrderItem restore(long variantId, int quantity, Long productId, String productName,
                                    String variantName, Long unitPrice) {
        OrderItem item = new OrderItem(variantId, quantity);
        item.productId = productId;
        item.productName = productName;
        item.variantName = variantName;
        item.unitPrice = unitPrice;
        return item;
    }

    void price(PricedLine line) {
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
