package dev.flashsale.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * One log line per request ({@code POST /api/v1/orders 202 14 ms}), written inside the request's span, so the
 * line carries the trace id the caller got in {@code X-Trace-Id}: with it, an operator finds what every service
 * did for one order. Probes and scrapes ({@code /actuator/**}) are left out. Turn it off with
 * {@code logging.level.dev.flashsale.web.RequestLogFilter=warn}.
 */
public final class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLogFilter.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !log.isInfoEnabled() || request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (request.isAsyncStarted()) {
                // The answer comes later on another dispatch (long polling); the line says when the wait began.
                log.info("{} {} waiting after {} ms", request.getMethod(), request.getRequestURI(), millis);
            } else {
                log.info("{} {} {} {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(), millis);
            }
        }
    }
}
