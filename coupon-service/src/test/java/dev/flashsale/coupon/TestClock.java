package dev.flashsale.coupon;

import dev.flashsale.testkit.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Instant;

/**
 * The service's clock in tests: real time until a test moves it. A test that moves it puts it back
 * ({@link #reset}), because every test class shares the one context. Move it back in time to make
 * something old (a coupon issued days ago), never far forward while anything is written to the outbox:
 * the relay stamps messages with this clock, and the broker refuses timestamps more than an hour ahead.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

    @Bean
    MutableClock clock() {
        return MutableClock.startingNow();
    }

    /** Back to the real current time. */
    public static void reset(MutableClock clock) {
        clock.set(Instant.now());
    }
}
