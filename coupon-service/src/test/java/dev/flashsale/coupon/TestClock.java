package dev.flashsale.coupon;

import dev.flashsale.testkit.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The service's clock in tests: real time until a test moves it. A test that moves it puts it back
 * ({@link #reset}), because every test class shares the one context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

    @Bean
    MutableClock clock() {
        return MutableClock.startingNow();
    }

    /** Back to the real current time. */
    public static void reset(MutableClock clock) {
        clock.set(java.time.Instant.now());
    }
}
