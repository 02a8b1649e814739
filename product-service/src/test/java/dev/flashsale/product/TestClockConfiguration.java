package dev.flashsale.product;

import dev.flashsale.testkit.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in every integration test: real time until a test moves it. It only ever moves
 * forward, so a test that jumps past the reservation deadline expires what earlier tests left reserved, never
 * what later tests reserve.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    MutableClock clock() {
        return MutableClock.startingNow();
    }
}
