package dev.flashsale.coupon.application;

import dev.flashsale.groupcommit.GroupCommitSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** Settings of the coupon-service, under {@code flashsale.coupon}. */
@ConfigurationProperties("flashsale.coupon")
public record CouponProperties(@DefaultValue Issuance issuance, @DefaultValue KnownUsers knownUsers) {

    /**
     * The issuance engine: one queue and at most one writing batch per coupon.
     *
     * <p>A request is answered within {@code queueTimeout + batchTimeout} (plus the engine's sweep slack, see
     * {@link GroupCommitSettings#longestWait()}). That bound must stay below the time limit of whoever waits for the
     * answer (the gateway's {@code COUPON_SERVICE_TIME_LIMIT}), with room for the request's way there and back, or
     * the caller gives up on a claim that is still being decided.
     *
     * @param maxBatchSize       most requests one batch transaction decides
     * @param writers            threads (and so database connections) writing batches, shared by all coupons
     * @param maxQueuedPerCoupon requests that may wait for one coupon; beyond that a request is refused at once
     *                           ({@code RATE_LIMITED}) rather than queued for longer than anyone waits
     * @param queueTimeout       how long a request may wait for its batch before it is answered
     *                           {@code SERVICE_UNAVAILABLE}, untouched
     * @param batchTimeout       how long a batch may take, every try included, before the requests it holds are
     *                           answered {@code SERVICE_UNAVAILABLE} (outcome unknown: a retry learns it); its statements
     *                           are bounded by the time left, so a stuck batch gives up in time
     * @param maxAttempts        tries of a batch whose transaction fails
     * @param retryBackoff       pause before the second try, doubled before each further one
     * @param holdersInMemory    coupons of at most this many are followed in memory: who holds one (answered
     *                           {@code COUPON_ALREADY_ISSUED} without a query) and, once sold out, every holder (so that
     *                           everyone else is answered {@code COUPON_SOLD_OUT} without a query); bigger coupons
     *                           answer both from the database's index
     */
    public record Issuance(
            @DefaultValue("1000") int maxBatchSize,
            @DefaultValue("2") int writers,
            @DefaultValue("50000") int maxQueuedPerCoupon,
            @DefaultValue("1500ms") Duration queueTimeout,
            @DefaultValue("2s") Duration batchTimeout,
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("100ms") Duration retryBackoff,
            @DefaultValue("100000") int holdersInMemory) {

        public Issuance {
            if (writers < 1 || holdersInMemory < 0) {
                throw new IllegalArgumentException("flashsale.coupon.issuance: writers must be positive, holders-in-memory not negative");
            }
            engine(maxBatchSize, maxQueuedPerCoupon, queueTimeout, batchTimeout, maxAttempts, retryBackoff);
        }

        /** The group-commit engine's settings. */
        public GroupCommitSettings engine() {
            return engine(maxBatchSize, maxQueuedPerCoupon, queueTimeout, batchTimeout, maxAttempts, retryBackoff);
        }

        private static GroupCommitSettings engine(int maxBatchSize, int maxQueuedPerCoupon, Duration queueTimeout,
                                                  Duration batchTimeout, int maxAttempts, Duration retryBackoff) {
            return new GroupCommitSettings(maxBatchSize, maxQueuedPerCoupon, queueTimeout, batchTimeout, maxAttempts,
                    retryBackoff);
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
