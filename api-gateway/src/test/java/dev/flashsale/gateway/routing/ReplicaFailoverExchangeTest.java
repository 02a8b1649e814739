package dev.flashsale.gateway.routing;

import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaFailoverExchangeTest {

    private static final URI FIRST = URI.create("http://localhost:8084");
    private static final URI SECOND = URI.create("http://localhost:8094");

    private final List<URI> sentTo = new ArrayList<>();

    @Test
    void aRequestWhoseInstanceRefusedTheConnectionIsSentToTheOtherInstanceWithItsPathAndQuery() {
        ProxyExchange exchange = new ReplicaFailoverExchange(delegate(Set.of(8084), new ConnectException("Connection refused")),
                List.of(new Replicas(List.of(FIRST, SECOND), Duration.ofSeconds(5))));

        ServerResponse response = exchange.exchange(request("http://localhost:8084/api/v1/orders?waitMs=100"));

        assertThat(response.statusCode().value()).isEqualTo(200);
        assertThat(sentTo).containsExactly(URI.create("http://localhost:8084/api/v1/orders?waitMs=100"),
                URI.create("http://localhost:8094/api/v1/orders?waitMs=100"));
    }

    @Test
    void aFailureAfterTheRequestReachedItsInstanceIsNotSentAgain() {
        ProxyExchange exchange = new ReplicaFailoverExchange(delegate(Set.of(8084), new SocketTimeoutException("Read timed out")),
                List.of(new Replicas(List.of(FIRST, SECOND), Duration.ofSeconds(5))));

        assertThatThrownBy(() -> exchange.exchange(request("http://localhost:8084/api/v1/orders"))).isInstanceOf(ResourceAccessException.class);
        assertThat(sentTo).hasSize(1);
    }

    @Test
    void whenEveryInstanceRefusesTheFailureIsTheCallersAfterOneTryEach() {
        ProxyExchange exchange = new ReplicaFailoverExchange(delegate(Set.of(8084, 8094), new ConnectException("Connection refused")),
                List.of(new Replicas(List.of(FIRST, SECOND), Duration.ofSeconds(5))));

        assertThatThrownBy(() -> exchange.exchange(request("http://localhost:8094/api/v1/orders"))).isInstanceOf(ResourceAccessException.class);
        assertThat(sentTo).extracting(URI::getPort).containsExactly(8094, 8084);
    }

    /** Answers 200, except from the ports in {@code failing}, where the connection fails with {@code cause}. */
    private ProxyExchange delegate(Set<Integer> failing, IOException cause) {
        return request -> {
            sentTo.add(request.getUri());
            if (failing.contains(request.getUri().getPort())) {
                throw new ResourceAccessException("I/O error on " + request.getMethod() + " " + request.getUri(), cause);
            }
            return ServerResponse.ok().build();
        };
    }

    private static ProxyExchange.Request request(String uri) {
        return new ProxyExchange.Request() {
            @Override
            public HttpMethod getMethod() {
                return HttpMethod.POST;
            }

            @Override
            public URI getUri() {
                return URI.create(uri);
            }

            @Override
            public ServerRequest getServerRequest() {
                return null;
            }

            @Override
            public Collection<ProxyExchange.ResponseConsumer> getResponseConsumers() {
                return List.of();
            }

            @Override
            public HttpHeaders getHeaders() {
                return new HttpHeaders();
            }
        };
    }
}
