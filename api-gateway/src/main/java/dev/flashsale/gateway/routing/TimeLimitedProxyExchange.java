package dev.flashsale.gateway.routing;

import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Spring Cloud Gateway's proxy, with a time limit for each request: the JDK client's request timeout,
 * which aborts the exchange when the response headers have not arrived in time. The limit is enforced
 * by the client on the request's own thread, so nothing is left running against a request the gateway
 * has already answered (as a time limiter on a second thread would).
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
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(httpClient);
        requests.setReadTimeout(timeLimit);
        return new RestClientProxyExchange(restClients.clone().requestFactory(requests).build(), properties);
    }
}
