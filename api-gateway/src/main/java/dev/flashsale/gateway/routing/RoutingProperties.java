package dev.flashsale.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the services are and how long the gateway waits for them.
 *
 * @param services         every service's base URLs (one per instance) and time limit (the time until its response headers arrive)
 * @param connectTimeout   how long opening a connection to a service may take
 * @param longPollMaxWait  the most of an order long poll's {@code waitMs} that is added to order-service's time limit
 * @param callerTtl        how long the signed caller identity a service receives stays valid: the request's way from
 *                         here to the service, plus any difference between the two machines' clocks
 */
@ConfigurationProperties("flashsale.gateway")
public record RoutingProperties(Map<DownstreamService, Downstream> services,
                                @DefaultValue("1s") Duration connectTimeout,
                                @DefaultValue("30s") Duration longPollMaxWait,
                                @DefaultValue("30s") Duration callerTtl) {

    public RoutingProperties {
        services = services == null ? Map.of() : new EnumMap<>(services);
        if (callerTtl.isNegative() || callerTtl.isZero()) {
            throw new IllegalArgumentException("flashsale.gateway.caller-ttl must be positive, was " + callerTtl);
        }
        for (DownstreamService service : DownstreamService.values()) {
            if (!services.containsKey(service)) {
                throw new IllegalArgumentException("flashsale.gateway.services." + service.key() + ".url is not configured");
            }
        }
    }

    public Downstream service(DownstreamService service) {
        return services.get(service);
    }

    /**
     * @param url       the base URL of each instance of the service, comma-separated in one variable
     *                  ({@code ORDER_SERVICE_URL=http://localhost:8084,http://localhost:8094}); usually one
     * @param timeLimit the time until its response headers arrive
     */
    public record Downstream(List<URI> url, @DefaultValue("2s") Duration timeLimit) {

        public Downstream {
            url = url == null ? List.of() : List.copyOf(url);
            if (url.isEmpty() || url.stream().anyMatch(each -> each.getScheme() == null || each.getHost() == null)) {
                throw new IllegalArgumentException("a service URL needs a scheme and a host, was " + url);
            }
            if (timeLimit.isNegative() || timeLimit.isZero()) {
                throw new IllegalArgumentException("a time limit must be positive, was " + timeLimit);
            }
        }
    }
}
