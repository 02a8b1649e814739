package dev.flashsale.order.domain;

/**
 * How big one order may be. A flash-sale order is a handful of lines; the limits keep a single request
 * from reserving a warehouse or building a command too large for the broker.
 */
public record OrderLimits(int maxLines, int maxQuantityPerLine) {
    public OrderLimits {
        if (maxLines < 1 || maxQuantityPerLine < 1) {
            throw new IllegalArgumentException("order limits must be positive");
        }
    }
}
