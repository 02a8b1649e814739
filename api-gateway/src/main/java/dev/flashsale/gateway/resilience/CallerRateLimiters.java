package dev.flashsale.gateway.resilience;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Resilience4j rate limiter per (bucket, caller), created on a caller's first request. The limits come
 * from {@code resilience4j.ratelimiter.configs.<bucket>} (or {@code configs.default}), but these limiters
 * are deliberately not registered in the registry: there is one per user, and the registry would keep
 * them (and a metric each) forever. Here a limiter left unused for a whole refresh period is dropped:
 * by then it has refilled completely, so a new one on the next request allows exactly the same.
 *
 * <p>Limits hold per gateway instance; with n instances behind a load balancer a caller gets up to n times
 * the limit. A limiter never makes a request wait: it answers at once, yes or "not for another x ms".
 */
public final class CallerRateLimiters {

    private static final long SWEEP_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final Function<String, RateLimiterConfig> configOfBucket;
    private final Supplier<Long> nanoTime;
    private final ConcurrentMap<String, RateLimiterConfig> configs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Limiter> limiters = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    public CallerRateLimiters(RateLimiterRegistry registry) {
        this(bucket -> registry.getConfiguration(bucket).orElseGet(registry::getDefaultConfig), System::nanoTime);
    }

    CallerRateLimiters(Function<String, RateLimiterConfig> configOfBucket, Supplier<Long> nanoTime) {
        this.configOfBucket = configOfBucket;
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.get());
    }

    /** Empty when the caller may go ahead; otherwise how long until it may try again. */
    public Optional<Duration> acquire(String bucket, String caller) {
        long now = nanoTime.get();
        dropIdle(now);
        Limiter limiter = limiters.computeIfAbsent(bucket + ' ' + caller, key -> newLimiter(key, bucket));
        limiter.lastUsed = now;
        if (limiter.rateLimiter.acquirePermission()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, limiter.rateLimiter.getDetailedMetrics().getNanosToWait())));
    }

    /** How many callers are being tracked right now. */
    int tracked() {
        return limiters.size();
    }

    private Limiter newLimiter(String name, String bucket) {
        RateLimiterConfig config = configs.computeIfAbsent(bucket, this::nonBlocking);
        return new Limiter((AtomicRateLimiter) RateLimiter.of(name, config, nanoTime), config.getLimitRefreshPeriod().toNanos());
    }

    /** A servlet thread never waits for a permit, whatever the configuration says. */
    private RateLimiterConfig nonBlocking(String bucket) {
        return RateLimiterConfig.from(configOfBucket.apply(bucket)).timeoutDuration(Duration.ZERO).build();
    }

    private void dropIdle(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        limiters.values().removeIf(limiter -> now - limiter.lastUsed > limiter.refreshPeriodNanos);
    }

    private static final class Limiter {
        final AtomicRateLimiter rateLimiter;
        final long refreshPeriodNanos;
        volatile long lastUsed;

        Limiter(AtomicRateLimiter rateLimiter, long refreshPeriodNanos) {
            this.rateLimiter = rateLimiter;
            this.refreshPeriodNanos = refreshPeriodNanos;
        }
    }
}
