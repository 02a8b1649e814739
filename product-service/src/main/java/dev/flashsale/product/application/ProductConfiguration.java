package dev.flashsale.product.application;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Schedules the reservation expiry sweeper: every {@code flashsale.product.expiry-sweep-interval}, starting
 * {@code flashsale.product.expiry-start-delay} after start-up.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProductConfiguration implements SchedulingConfigurer {

    private final ReservationExpiry expiry;
    private final ProductProperties properties;

    ProductConfiguration(ReservationExpiry expiry, ProductProperties properties) {
        this.expiry = expiry;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(expiry::expireDue, properties.expirySweepInterval(),
                properties.expiryStartDelay()));
    }
}
