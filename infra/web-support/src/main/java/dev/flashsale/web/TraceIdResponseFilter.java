package dev.flashsale.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Tells the caller the trace id of its request in {@value #HEADER}, on every answer (errors included),
 * so a support request can name the trace and an operator can find that request in every service's logs.
 *
 * <p>Runs right after the HTTP server observation opened the request's span. A proxied answer may carry
 * the same header from the service behind (the api-gateway copies a service's headers); the first value,
 * set here, is kept: it is the trace the caller's request started.
 */
public final class TraceIdResponseFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Trace-Id";

    private final Tracer tracer;

    public TraceIdResponseFilter(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Span span = tracer.currentSpan();
        String traceId = span == null ? "" : span.context().traceId();
        if (traceId.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HEADER, traceId);
        chain.doFilter(request, new KeepsItsTraceId(response));
    }

    private static final class KeepsItsTraceId extends HttpServletResponseWrapper {

        KeepsItsTraceId(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!HEADER.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!HEADER.equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
