package dev.flashsale.gateway.resilience;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CallerRateLimitersTest {

    private final AtomicLong nanos = new AtomicLong(Duration.ofHours(1).toNanos());
    private final Map<String, RateLimiterConfig> configs = Map.of(
            "coupon-issue", config(2, Duration.ofSeconds(10)),
            "default", config(100, Duration.ofSeconds(1)));
    private final CallerRateLimiters limiters = new CallerRateLimiters(
            bucket -> configs.getOrDefault(bucket, configs.get("default")), nanos::get);

    @Test
    void aCallerGetsTheBucketsLimitPerPeriodAndIsToldHowLongToWait() {
        assertThat(limiters.acquire("coupon-issue", "user:7")).isEmpty();
        assertThat(limiters.acquire("coupon-issue", "user:7")).isEmpty();

        advance(Duration.ofSeconds(3));
        Optional<Duration> refused = limiters.acquire("coupon-issue", "user:7");

        assertThat(refused).hasValueSatisfying(wait -> assertThat(wait).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void theNextPeriodBringsNewPermits() {
        limiters.acquire("coupon-issue", "user:7");
        limiters.acquire("coupon-issue", "user:7");
        assertThat(limiters.acquire("coupon-issue", "user:7")).isPresent();

        advance(Duration.ofSeconds(10));

        assertThat(limiters.acquire("coupon-issue", "user:7")).isEmpty();
    }

    @Test
    void callersAndBucketsDoNotShareLimits() {
        limiters.acquire("coupon-issue", "user:7");
        limiters.acquire("coupon-issue", "user:7");
        assertThat(limiters.acquire("coupon-issue", "user:7")).isPresent();

        assertThat(limiters.acquire("coupon-issue", "user:8")).isEmpty();
        assertThat(limiters.acquire("coupon-issue", "address:10.0.0.7")).isEmpty();
        assertThat(limiters.acquire("order-submit", "user:7")).isEmpty();
    }

    @Test
    void aRefusedRequestUsesNoPermit() {
        limiters.acquire("coupon-issue", "user:7");
        limiters.acquire("coupon-issue", "user:7");
        for (int refused = 0; refused < 50; refused++) {
            assertThat(limiters.acquire("coupon-issue", "user:7")).isPresent();
        }

        advance(Duration.ofSeconds(10));

        assertThat(limiters.acquire("coupon-issue", "user:7")).isEmpty();
        assertThat(limiters.acquire("coupon-issue", "user:7")).isEmpty();
    }

    @Test
    void aConfiguredWaitIsIgnoredSoNoRequestEverBlocks() {
        CallerRateLimiters patient = new CallerRateLimiters(bucket -> RateLimiterConfig.custom()
                .limitForPeriod(1).limitRefreshPeriod(Duration.ofSeconds(10)).timeoutDuration(Duration.ofSeconds(30)).build(), nanos::get);
        patient.acquire("default", "user:7");

        assertThat(patient.acquire("default", "user:7")).isPresent();
    }

    @Test
    void callersWhoStoppedCallingAreForgottenOnceTheirLimiterHasRefilled() {
        for (int user = 0; user < 1000; user++) {
            limiters.acquire("default", "user:" + user);
        }
        limiters.acquire("coupon-issue", "user:7");
        limiters.acquire("coupon-issue", "user:7");
        assertThat(limiters.tracked()).isEqualTo(1001);

        advance(Duration.ofSeconds(2));
        limiters.acquire("default", "user:1");

        // The default limiters (1 s period) are gone; user 7's coupon-issue limiter (10 s) is still spent.
        assertThat(limiters.tracked()).isEqualTo(2);
        assertThat(limiters.acquire("coupon-issue", "user:7")).isPresent();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static RateLimiterConfig config(int limit, Duration period) {
        return RateLimiterConfig.custom().limitForPeriod(limit).limitRefreshPeriod(period).timeoutDuration(Duration.ZERO).build();
    }
}
