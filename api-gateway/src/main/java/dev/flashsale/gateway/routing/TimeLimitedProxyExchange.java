package dev.flashsale.gateway.routing;

import org.apache.hc.client5.http.classic.HttpClient;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Spring Cloud Gateway's proxy, with a time limit for each request, enforced by the HTTP client on the
 * request's own thread: no answer within the limit (no response head, or a stall mid-body that long)
 * aborts the exchange. Nothing is left running against a request the gateway has already answered, as
 * it would be with a time limiter around a call on a second thread. A request also waits no longer
 * than its limit for a free pooled connection.
 *
 * <p>One proxy per distinct limit, all sharing one connection pool; there are only a handful of limits.
 */
final class TimeLimitedProxyExchange implements ProxyExchange {

    private static final String TIME_LIMIT = TimeLimitedProxyExchange.class.getName() + ".timeLimit";

    private final HttpClient httpClient;
    private final RestClient.Builder restClients;
    private final GatewayMvcProperties properties;
    private final Duration fallbackTimeLimit;
    private final ConcurrentMap<Duration, ProxyExchange> byTimeLimit = new ConcurrentHashMap<>();

    TimeLimitedProxyExchange(HttpClient httpClient, RestClient.Builder restClients, GatewayMvcProperties properties,
                             Duration fallbackTimeLimit) {
        this.httpClient = httpClient;
        this.restClients = restClients;
        this.properties = properties;
        this.fallbackTimeLimit = fallbackTimeLimit;
    }

    /** Sets the time limit of the exchange this request will be proxied with. */
    static ServerRequest limit(ServerRequest request, Duration timeLimit) {
        request.attributes().put(TIME_LIMIT, timeLimit);
        return request;
    }

    @Override
    public ServerResponse exchange(Request request) {
        Object limit = request.getServerRequest().attributes().get(TIME_LIMIT);
        Duration timeLimit = limit instanceof Duration given ? given : fallbackTimeLimit;
        return byTimeLimit.computeIfAbsent(timeLimit, this::proxyWith).exchange(request);
    }

    private ProxyExchange proxyWith(Duration timeLimit) {
        HttpComponentsClientHttpRequestFactory requests = new HttpComponentsClientHttpRequestFactory(httpClient);
        requests.setReadTimeout(timeLimit);
        requests.setConnectionRequestTimeout(timeLimit);
        return new RestClientProxyExchange(restClients.clone().requestFactory(requests).build(), properties);
    }
}
