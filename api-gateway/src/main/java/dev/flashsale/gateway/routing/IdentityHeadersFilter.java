package dev.flashsale.gateway.routing;

import dev.flashsale.gateway.security.Callers;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Clock;
import java.time.Duration;

/**
 * Tells the service who is calling, in the one header it trusts: {@code X-Caller}, the verified token's user and
 * roles (or nobody, on a public read), signed with a key derived from {@code GATEWAY_SECRET} and valid for a few
 * seconds ({@link GatewayIdentity}). Whatever a client sent under that name, or the identity headers of old
 * ({@code X-User-Id}, {@code X-User-Roles}, {@code X-Gateway-Secret}), is dropped first. The bearer token stops here.
 */
final class IdentityHeadersFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final GatewayIdentity identity;
    private final Duration validity;
    private final Clock clock;

    IdentityHeadersFilter(GatewayIdentity identity, Duration validity, Clock clock) {
        this.identity = identity;
        this.validity = validity;
        this.clock = clock;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        String caller = identity.sign(Callers.current().orElse(null), clock.instant().plus(validity));
        ServerRequest forwarded = ServerRequest.from(request).headers(headers -> {
            headers.remove(GatewayHeaders.USER_ID);
            headers.remove(GatewayHeaders.USER_ROLES);
            headers.remove(GatewayHeaders.SECRET);
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.set(GatewayHeaders.CALLER, caller);
        }).build();
        return next.handle(forwarded);
    }
}
