package dev.flashsale.order.application;

import dev.flashsale.order.domain.OrderLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Settings of order-service, under {@code flashsale.order}. */
@ConfigurationProperties("flashsale.order")
public record OrderSettings(@DefaultValue Limits limits, @DefaultValue Waiting waiting, @DefaultValue Admission admission) {

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

    /**
     * Admission in front of the saga ({@link OrderAdmission}).
     *
     * @param maxOpenSagas    a new order is refused ({@code 429 RATE_LIMITED}) while this many sagas are running or
     *                        compensating; size it at about the orders per second the stack completes times half the
     *                        saga's step timeout, so that no step's queue grows longer than its deadline
     * @param recountInterval how often the open sagas are counted in the database (between counts, an instance adds
     *                        the orders it accepted itself)
     * @param retryAfter      what the refusal's {@code Retry-After} asks the client to wait
     */
    public record Admission(@DefaultValue("400") int maxOpenSagas, @DefaultValue("100ms") Duration recountInterval,
                            @DefaultValue("1s") Duration retryAfter) {
        public Admission {
            if (maxOpenSagas < 1) {
                throw new IllegalArgumentException("flashsale.order.admission.max-open-sagas must be at least 1");
            }
        }
    }
}
