package dev.flashsale.gateway.resilience;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.gateway.routing.ApiOperation;
import dev.flashsale.gateway.security.Callers;
import dev.flashsale.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Limits how often one caller (a user, or a client address when anonymous) may call one route.
 * The operations a flash sale is fought over have buckets of their own: {@code coupon-issue},
 * {@code order-submit} and {@code balance-charge}; every other request counts against its service's
 * bucket ({@code product}, {@code order}, ...). Over the limit: 429 {@code RATE_LIMITED} with
 * {@code Retry-After}, and nothing reaches the service.
 */
public final class RateLimitFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Map<ApiOperation, String> OWN_BUCKETS = Map.of(
            ApiOperation.COUPON_ISSUE, "coupon-issue",
            ApiOperation.ORDER_SUBMIT, "order-submit",
            ApiOperation.BALANCE_CHARGE, "balance-charge");

    private final CallerRateLimiters limiters;
    private final String routeBucket;
    private final MeterRegistry meters;

    public RateLimitFilter(CallerRateLimiters limiters, String routeBucket, MeterRegistry meters) {
        this.limiters = limiters;
        this.routeBucket = routeBucket;
        this.meters = meters;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        String bucket = bucketOf(request);
        Optional<Duration> wait = limiters.acquire(bucket, callerOf(request));
        if (wait.isPresent()) {
            meters.counter("gateway.rate.limited", "bucket", bucket).increment();
            return ProblemResponses.retryAfter(ErrorCode.RATE_LIMITED,
                    "too many requests (" + bucket + "); slow down and try again after Retry-After seconds", wait.get());
        }
        return next.handle(request);
    }

    String bucketOf(ServerRequest request) {
        return OWN_BUCKETS.entrySet().stream()
                .filter(operation -> operation.getKey().matches(request))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(routeBucket);
    }

    private static String callerOf(ServerRequest request) {
        return Callers.current()
                .map(caller -> "user:" + caller.userId())
                .orElseGet(() -> "address:" + request.servletRequest().getRemoteAddr());
    }
}
