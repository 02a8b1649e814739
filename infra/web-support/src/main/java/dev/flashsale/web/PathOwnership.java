package dev.flashsale.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;

/**
 * The two ownership rules the API's paths carry (docs/api.md), kept by every service before a handler runs, whatever its
 * controller remembers to check: {@code /api/v1/admin/**} needs the admin role, and a {@code {userId}} in the path
 * must be the caller's own id (or the caller an admin). They are judged on the pattern the handler matched, not on
 * the raw URL, so no spelling of a path gets around them. An id that is not plainly the caller's ({@code 0x7},
 * {@code me}) is someone else's ({@link Caller#mayActFor(String)}). What a request names elsewhere (a body's
 * {@code userId}, the owner of an order it reads) is the controller's to check, with a {@link Caller} parameter.
 */
final class PathOwnership implements HandlerInterceptor {

    static final String ADMIN_PATHS = "/api/v1/admin";
    static final String USER_ID = "userId";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod)) {
            return true;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        boolean adminPath = pattern instanceof String matched
                && (matched.equals(ADMIN_PATHS) || matched.startsWith(ADMIN_PATHS + "/"));
        String userId = pathUserId(request);
        if (!adminPath && userId == null) {
            return true;
        }
        Caller caller = CallerFilter.of(request).orElseThrow(CallerArgumentResolver::anonymous);
        if (adminPath) {
            caller.mustBeAdmin();
        }
        if (userId != null && !caller.mayActFor(userId)) {
            throw Caller.notTheirs();
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static String pathUserId(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? ((Map<String, String>) map).get(USER_ID) : null;
    }
}
