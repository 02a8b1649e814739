package dev.flashsale.ranking.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one completed order adds to the sales log: per product, the units sold, on the day the order
 * completed in the shop's time zone. That day is the order's own, however late its event arrives.
 * Two lines of one product (two variants, say) make one sale of that product.
 */
public record OrderSale(long orderId, LocalDate day, Instant completedAt, List<Line> lines) {

    public OrderSale {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(completedAt, "completedAt");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("order " + orderId + " sold nothing");
        }
    }

    /** Merges the order's lines per product; a blank product name counts as unknown. */
    public static OrderSale of(long orderId, Instant completedAt, ZoneId zone, List<Line> orderLines) {
        Map<Long, Line> byProduct = new LinkedHashMap<>();
        for (Line line : orderLines) {
            byProduct.merge(line.productId(), line, Line::plus);
        }
        return new OrderSale(orderId, completedAt.atZone(zone).toLocalDate(), completedAt, List.copyOf(byProduct.values()));
    }

    /** Units of one product; {@code productName} is null when the order did not say. */
    public record Line(long productId, String productName, int quantity) {

        public Line {
            if (quantity <= 0) {
                throw new IllegalArgumentException("product " + productId + " sold " + quantity + " units");
            }
            productName = productName == null || productName.isBlank() ? null : productName.strip();
        }

        Line plus(Line other) {
            return new Line(productId, other.productName != null ? other.productName : productName,
                    Math.addExact(quantity, other.quantity));
        }
    }
}
