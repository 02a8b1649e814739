package dev.flashsale.gateway.routing;

import dev.flashsale.gateway.security.Callers;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells the service who is calling, in the one header it trusts: {@code X-Caller}, the verified token's user and
 * roles (or nobody, on a public read), signed with a key derived from {@code GATEWAY_SECRET} and valid for a few
 * seconds ({@link GatewayIdentity}). Whatever a client sent under that name, or the identity headers of old
 * ({@code X-User-Id}, {@code X-User-Roles}, {@code X-Gateway-Secret}), is dropped first. The bearer token stops here.
 *
 * <p>Applied by the proxy to the headers it is about to send, after Spring Cloud Gateway's own header filters, so the
 * request is not copied once more only to change four headers.
 */
final class IdentityHeadersFilter implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

    private static final Set<String> DROPPED = caseInsensitive(GatewayHeaders.CALLER, GatewayHeaders.USER_ID,
            GatewayHeaders.USER_ROLES, GatewayHeaders.SECRET, HttpHeaders.AUTHORIZATION);

    private final GatewayIdentity identity;
    private final Duration validity;
    private final Clock clock;

    IdentityHeadersFilter(GatewayIdentity identity, Duration validity, Clock clock) {
        this.identity = identity;
        this.validity = validity;
        this.clock = clock;
    }

    @Override
    public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
        HttpHeaders forwarded = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!DROPPED.contains(name)) {
                forwarded.put(name, values);
            }
        });
        forwarded.set(GatewayHeaders.CALLER, identity.sign(Callers.current().orElse(null), clock.instant().plus(validity)));
        return forwarded;
    }

    /** Last: nothing after it may add what it removed. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
