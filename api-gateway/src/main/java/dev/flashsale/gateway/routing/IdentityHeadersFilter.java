package dev.flashsale.gateway.routing;

import dev.flashsale.gateway.domain.Caller;
import dev.flashsale.gateway.security.Callers;
import dev.flashsale.web.GatewayHeaders;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.util.Optional;
import java.util.TreeSet;

/**
 * Tells the service who is calling, in headers only the gateway writes: whatever a client sent in
 * {@code X-User-Id}, {@code X-User-Roles} or {@code X-Gateway-Secret} is dropped and replaced by what the
 * verified token says, plus the shared secret that proves the request came through here. The bearer
 * token itself stops at the gateway: services trust the headers, not the token.
 */
final class IdentityHeadersFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final String downstreamSecret;

    IdentityHeadersFilter(String downstreamSecret) {
        this.downstreamSecret = downstreamSecret;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        Optional<Caller> caller = Callers.current();
        ServerRequest forwarded = ServerRequest.from(request).headers(headers -> {
            headers.remove(GatewayHeaders.USER_ID);
            headers.remove(GatewayHeaders.USER_ROLES);
            headers.remove(GatewayHeaders.SECRET);
            headers.remove(HttpHeaders.AUTHORIZATION);
            caller.ifPresent(who -> {
                headers.set(GatewayHeaders.USER_ID, Long.toString(who.userId()));
                if (!who.roles().isEmpty()) {
                    headers.set(GatewayHeaders.USER_ROLES, String.join(",", new TreeSet<>(who.roles())));
                }
            });
            if (StringUtils.hasText(downstreamSecret)) {
                headers.set(GatewayHeaders.SECRET, downstreamSecret);
            }
        }).build();
        return next.handle(forwarded);
    }
}
