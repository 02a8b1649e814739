package dev.flashsale.product.application;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the product-service, under {@code flashsale.product}.
 *
 * @param reservationTtl      how long a reservation holds its stock before it expires and gives it back. It must
 *                            be well above the order saga's whole deadline: a reservation that expires while its
 *                            saga is still running can no longer be confirmed
 * @param expirySweepInterval how often the sweeper looks for reservations past their deadline
 * @param expiryStartDelay    how long after start-up the first sweep waits: after an outage longer than the TTL
 *                            every open reservation is past its deadline, and the ConfirmStock commands that queued
 *                            up on Kafka meanwhile must be handled before any of them is declared lost
 * @param expiryBatchSize     how many due reservations one sweep expires at most (each in its own short transaction)
 */
@ConfigurationProperties("flashsale.product")
public record ProductProperties(
        @DefaultValue("10m") Duration reservationTtl,
        @DefaultValue("5s") Duration expirySweepInterval,
        @DefaultValue("1m") Duration expiryStartDelay,
        @DefaultValue("500") int expiryBatchSize) {

    public ProductProperties {
        if (reservationTtl.isNegative() || reservationTtl.isZero()) {
            throw new IllegalArgumentException("flashsale.product.reservation-ttl must be positive");
        }
        if (expirySweepInterval.isNegative() || expirySweepInterval.isZero()) {
            throw new IllegalArgumentException("flashsale.product.expiry-sweep-interval must be positive");
        }
        if (expiryStartDelay.isNegative()) {
            throw new IllegalArgumentException("flashsale.product.expiry-start-delay must not be negative");
        }
        if (expiryBatchSize < 1) {
            throw new IllegalArgumentException("flashsale.product.expiry-batch-size must be at least 1");
        }
    }
}
