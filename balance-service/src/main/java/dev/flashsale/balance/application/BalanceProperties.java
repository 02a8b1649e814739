package dev.flashsale.balance.application;

import dev.flashsale.balance.domain.BalanceLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the balance-service, under {@code flashsale.balance}.
 *
 * @param maxBalance the most a charge may bring a balance to, in won
 */
@ConfigurationProperties("flashsale.balance")
public record BalanceProperties(
        @DefaultValue("10000000") long maxBalance) {

    public BalanceProperties {
        if (maxBalance <= 0) {
            throw new IllegalArgumentException("flashsale.balance.max-balance must be positive, was " + maxBalance);
        }
    }

    public BalanceLimit limit() {
        return BalanceLimit.of(maxBalance);
    }
}
