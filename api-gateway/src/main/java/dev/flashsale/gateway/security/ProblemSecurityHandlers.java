package dev.flashsale.gateway.security;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;

/** Spring Security's refusals, answered in problem+json like every other error of the system. */
final class ProblemSecurityHandlers {

    private ProblemSecurityHandlers() {
    }

    /** 401 {@code UNAUTHORIZED}, keeping the RFC 6750 {@code WWW-Authenticate} header Spring writes. */
    static final class Unauthorized implements AuthenticationEntryPoint {

        private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
                throws IOException {
            bearer.commence(request, response, e);
            Problems.write(response, ErrorCode.UNAUTHORIZED, detail(e));
        }

        private static String detail(AuthenticationException e) {
            if (!(e instanceof InvalidBearerTokenException)) {
                return "a bearer token is required";
            }
            // The timestamp validator is the one that says "expired"; a client should get a new token then.
            return e.getMessage() != null && e.getMessage().contains("expired")
                    ? "the bearer token has expired"
                    : "the bearer token is not valid";
        }
    }

    /** 403 {@code FORBIDDEN}: authenticated, but not allowed here. */
    static final class Forbidden implements AccessDeniedHandler {

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
                throws IOException {
            String detail = request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/users/")
                    ? "a user may only read or act on their own user id"
                    : "this needs the admin role";
            Problems.write(response, ErrorCode.FORBIDDEN, detail);
        }
    }

    /** 400 for a URL the firewall refuses (encoded slashes, {@code ..}, {@code ;} and the like). */
    static final class Rejected implements RequestRejectedHandler {

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
                throws IOException {
            Problems.write(response, ErrorCode.VALIDATION_FAILED, "the request URL is not acceptable");
        }
    }
}
