package dev.flashsale.web;

import dev.flashsale.contracts.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A service trusts only what came through the api-gateway. Every request must carry the caller identity the gateway
 * signed ({@link GatewayHeaders#CALLER}, see {@link GatewayIdentity}); without a valid one it is answered 401
 * {@code UNAUTHORIZED} and reaches nothing. The verified caller (none on an anonymous public read) is what a
 * controller's {@link Caller} parameter receives.
 *
 * <p>Probes and scrapes ({@code /actuator/health/**}, {@code /actuator/info}, {@code /actuator/prometheus}) are open.
 * The other actuator endpoints are an operator's (the outbox republish, the dead-letter replay, metrics): on the
 * public port they need {@code GATEWAY_SECRET} itself in {@link GatewayHeaders#SECRET}. On a management port of their
 * own ({@code MANAGEMENT_SERVER_PORT}), which the public network does not reach, this filter is not there at all.
 *
 * <p>The paths are judged as the container decoded and normalised them (the ones Spring MVC routes on), so no
 * spelling of a path slips past.
 */
public class CallerFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallerFilter.class);
    static final String ATTRIBUTE = CallerFilter.class.getName() + ".caller";
    /** RFC 9110 wants a challenge with every 401; this one names what is missing. */
    static final String CHALLENGE = "Gateway realm=\"flashsale\"";

    private final GatewayIdentity identity;
    private final byte[] secret;

    public CallerFilter(GatewayIdentity identity, String secret) {
        this.identity = identity;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The verified caller of a request that passed this filter; empty when anonymous. */
    static Optional<Caller> of(HttpServletRequest request) {
        return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (isProbeOrScrape(path)) {
            chain.doFilter(request, response);
            return;
        }
        if (path.equals("/actuator") || path.startsWith("/actuator/")) {
            if (carriesSecret(request)) {
                chain.doFilter(request, response);
            } else {
                refuse(response, "an operator endpoint needs the gateway secret in " + GatewayHeaders.SECRET);
            }
            return;
        }
        Optional<Caller> caller;
        try {
            caller = identity.verify(request.getHeader(GatewayHeaders.CALLER));
        } catch (GatewayIdentity.Invalid e) {
            log.debug("{} {} refused: caller identity {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            refuse(response, "the request carries no valid caller identity from the gateway");
            return;
        }
        caller.ifPresent(who -> request.setAttribute(ATTRIBUTE, who));
        chain.doFilter(request, response);
    }

    private static boolean isProbeOrScrape(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/actuator/info") || path.equals("/actuator/prometheus");
    }

    private boolean carriesSecret(HttpServletRequest request) {
        String presented = request.getHeader(GatewayHeaders.SECRET);
        // MessageDigest.isEqual takes the same time wherever the first difference is.
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        Problems.write(response, ErrorCode.UNAUTHORIZED, detail);
    }
}
