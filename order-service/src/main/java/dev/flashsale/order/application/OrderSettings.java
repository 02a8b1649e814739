package dev.flashsale.order.application;

import dev.flashsale.order.domain.OrderLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Settings of order-service, under {@code flashsale.order}. */
@ConfigurationProperties("flashsale.order")
public record OrderSettings(@DefaultValue Limits limits, @DefaultValue Waiting waiting) {

    /**
     * @param maxLines           lines per order
     * @param maxQuantityPerLine units of one variant per order
     */
    public record Limits(@DefaultValue("50") int maxLines, @DefaultValue("1000") int maxQuantityPerLine) {
        public OrderLimits toLimits() {
            return new OrderLimits(maxLines, maxQuantityPerLine);
        }
    }

    /**
     * @param max             the longest {@code waitMs} a client may ask for
     * @param recheckInterval how often the orders waited on are looked up in the database, for those
     *                        another instance finished
     */
    public record Waiting(@DefaultValue("30s") Duration max, @DefaultValue("1s") Duration recheckInterval) {
    }
}
