package dev.flashsale.gateway.resilience;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.gateway.web.ProblemResponses;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per service. A service that cannot be reached, does not answer within its time
 * limit, or answers 5xx counts as failing; once it fails often enough its circuit opens and the gateway
 * answers 503 {@code SERVICE_UNAVAILABLE} at once instead of letting callers queue up behind it, then
 * lets a few trial calls through after the configured wait. Its own answers, 5xx included, pass through
 * unchanged: the breaker only counts them.
 */
public final class CircuitBreakerFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerFilter.class);

    private final CircuitBreaker breaker;
    private final String serviceName;

    public CircuitBreakerFilter(CircuitBreaker breaker, String serviceName) {
        this.breaker = breaker;
        this.serviceName = serviceName;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        if (!breaker.tryAcquirePermission()) {
            // At most this long until the breaker lets trial calls through again.
            Duration wait = Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
            return ProblemResponses.retryAfter(ErrorCode.SERVICE_UNAVAILABLE,
                    serviceName + " is failing; the gateway is giving it time to recover", wait);
        }
        long start = System.nanoTime();
        ServerResponse response;
        try {
            response = next.handle(request);
        } catch (ResourceAccessException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            log.warn("{} {} -> {}: {}", request.method(), request.path(), serviceName, e.getMessage());
            return ProblemResponses.of(ErrorCode.SERVICE_UNAVAILABLE, describe(e));
        } catch (Exception | Error e) {
            // Not the service's fault (the gateway failed before or while calling it): do not count it.
            breaker.releasePermission();
            throw e;
        }
        long elapsed = System.nanoTime() - start;
        if (response.statusCode().is5xxServerError()) {
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, new DownstreamServerError(serviceName, response.statusCode().value()));
        } else {
            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        }
        return response;
    }

    private String describe(ResourceAccessException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SocketTimeoutException) {
            return serviceName + " did not answer in time";
        }
        if (cause instanceof ConnectionRequestTimeoutException) {
            return serviceName + " has too many requests waiting for it";
        }
        return serviceName + " cannot be reached";
    }

    /** A 5xx answer, recorded as the breaker's failure; the answer itself still goes to the client. */
    static final class DownstreamServerError extends RuntimeException {
        DownstreamServerError(String serviceName, int status) {
            super(serviceName + " answered " + status, null, false, false);
        }
    }
}
