package dev.flashsale.web;

import dev.flashsale.contracts.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Refuses every request that did not come through the api-gateway: 403 {@code FORBIDDEN} unless the
 * request carries the shared secret in {@link GatewayHeaders#SECRET}. Only then may a service trust the
 * identity headers the gateway sets. Actuator paths stay open for probes and Prometheus.
 *
 * <p>The check runs on the path the container decoded and normalised (the one Spring MVC routes on), and
 * everything that is not actuator is guarded, so no spelling of a path slips past it.
 */
public class GatewayTrustFilter extends OncePerRequestFilter {

    private final byte[] secret;

    public GatewayTrustFilter(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the gateway secret must not be blank");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isActuator(request) || carriesSecret(request)) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(response, ErrorCode.FORBIDDEN, "request did not come through the gateway");
    }

    private boolean carriesSecret(HttpServletRequest request) {
        String presented = request.getHeader(GatewayHeaders.SECRET);
        // MessageDigest.isEqual takes the same time wherever the first difference is.
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isActuator(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }
}
