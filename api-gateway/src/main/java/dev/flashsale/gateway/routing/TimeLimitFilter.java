package dev.flashsale.gateway.routing;

import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Duration;
import java.util.Optional;

/**
 * How long the gateway waits for a service's answer: the service's time limit, plus, for an order read
 * that asks order-service to hold its answer ({@code ?waitMs=}), the wait it asked for (up to
 * {@code long-poll-max-wait}, rounded up to the second so there stay few distinct limits).
 */
final class TimeLimitFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    static final String WAIT_PARAMETER = "waitMs";

    private final Duration timeLimit;
    private final Duration longPollMaxWait;
    private final boolean longPolls;

    TimeLimitFilter(DownstreamService service, RoutingProperties properties) {
        this.timeLimit = properties.service(service).timeLimit();
        this.longPollMaxWait = properties.longPollMaxWait();
        this.longPolls = service == DownstreamService.ORDER;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        return next.handle(TimeLimitedProxyExchange.limit(request, timeLimitOf(request)));
    }

    Duration timeLimitOf(ServerRequest request) {
        if (!longPolls || !ApiOperation.ORDER_READ.matches(request)) {
            return timeLimit;
        }
        return requestedWait(request)
                .map(wait -> wait.compareTo(longPollMaxWait) > 0 ? longPollMaxWait : wait)
                .map(wait -> timeLimit.plusSeconds(wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0)))
                .orElse(timeLimit);
    }

    /** A wait order-service will refuse anyway (not a number, negative) adds nothing. */
    private static Optional<Duration> requestedWait(ServerRequest request) {
        return request.param(WAIT_PARAMETER).flatMap(value -> {
            try {
                long millis = Long.parseLong(value.trim());
                return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
            } catch (NumberFormatException notANumber) {
                return Optional.empty();
            }
        });
    }
}
