package dev.flashsale.gateway.routing;

import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.ConnectException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Sends a request whose service instance refused the connection to another instance of that service. Only a
 * refused or timed-out connection is retried: the request never reached the instance and its body has not been
 * read, so even an order submission is safe to send again. Any other failure (a reset, no answer in time) is
 * the caller's to retry, with its Idempotency-Key.
 */
final class ReplicaFailoverExchange implements ProxyExchange {

    private final ProxyExchange delegate;
    private final List<Replicas> services;

    ReplicaFailoverExchange(ProxyExchange delegate, Collection<Replicas> services) {
        this.delegate = delegate;
        this.services = List.copyOf(services);
    }

    @Override
    public ServerResponse exchange(Request request) {
        Request attempt = request;
        for (int tries = 1; ; tries++) {
            try {
                return delegate.exchange(attempt);
            } catch (RuntimeException failure) {
                Optional<Replicas> replicas = services.stream().filter(service -> service.serves(request.getUri())).findFirst();
                if (!refusedConnection(failure) || replicas.isEmpty() || tries >= replicas.get().size()) {
                    throw failure;
                }
                URI target = attempt.getUri();
                Optional<URI> instead = replicas.get().refused(target);
                if (instead.isEmpty()) {
                    throw failure;
                }
                attempt = new Redirected(attempt, UriComponentsBuilder.fromUri(target)
                        .scheme(instead.get().getScheme()).host(instead.get().getHost()).port(instead.get().getPort())
                        .build(true).toUri());
            }
        }
    }

    static boolean refusedConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The same request to another instance. */
    private record Redirected(Request original, URI uri) implements Request {

        @Override
        public HttpMethod getMethod() {
            return original.getMethod();
        }

        @Override
        public URI getUri() {
            return uri;
        }

        @Override
        public ServerRequest getServerRequest() {
            return original.getServerRequest();
        }

        @Override
        public Collection<ResponseConsumer> getResponseConsumers() {
            return original.getResponseConsumers();
        }

        @Override
        public HttpHeaders getHeaders() {
            return original.getHeaders();
        }
    }
}
