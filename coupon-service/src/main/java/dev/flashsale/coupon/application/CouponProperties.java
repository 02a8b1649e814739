package dev.flashsale.coupon.application;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Settings of the coupon-service, under {@code flashsale.coupon}. */
@ConfigurationProperties("flashsale.coupon")
public record CouponProperties(@DefaultValue Issuance issuance, @DefaultValue KnownUsers knownUsers) {

    /**
     * The issuance engine: one queue and at most one writing batch per coupon.
     *
     * @param maxBatchSize       most requests one batch transaction decides
     * @param writers            threads (and so database connections) writing batches, shared by all coupons
     * @param maxQueuedPerCoupon requests that may wait for one coupon; beyond that a request is refused at once
     *                           ({@code RATE_LIMITED}) rather than queued for longer than anyone waits
     * @param queueTimeout       how long a request may wait for its batch before it is answered
     *                           {@code SERVICE_UNAVAILABLE}, untouched; once in a batch it always gets its answer
     * @param maxAttempts        tries of a batch whose transaction fails before its requests are answered
     *                           {@code SERVICE_UNAVAILABLE}
     * @param retryBackoff       pause before the second try, doubled before each further one
     */
    public record Issuance(
            @DefaultValue("1000") int maxBatchSize,
            @DefaultValue("4") int writers,
            @DefaultValue("50000") int maxQueuedPerCoupon,
            @DefaultValue("5s") Duration queueTimeout,
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("100ms") Duration retryBackoff) {

        public Issuance {
            if (maxBatchSize < 1 || writers < 1 || maxQueuedPerCoupon < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("flashsale.coupon.issuance: sizes and counts must be positive");
            }
        }
    }

    /**
     * The in-memory copy of known user ids.
     *
     * @param preloadLimit how many of the most recently registered users are loaded at start-up; others are
     *                     looked up in the database once, then remembered
     */
    public record KnownUsers(@DefaultValue("200000") int preloadLimit) {
    }
}
