package dev.flashsale.product.application;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Schedules the reservation expiry sweeper at {@code flashsale.product.expiry-sweep-interval}. */
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
        registrar.addFixedDelayTask(expiry::expireDue, properties.expirySweepInterval());
    }
}
