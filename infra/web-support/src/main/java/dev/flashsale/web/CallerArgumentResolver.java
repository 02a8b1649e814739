package dev.flashsale.web;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands a controller the {@link Caller} {@link CallerFilter} verified; a request without one is 401. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
        return (servletRequest == null ? java.util.Optional.<Caller>empty() : CallerFilter.of(servletRequest))
                .orElseThrow(CallerArgumentResolver::anonymous);
    }

    static DomainException anonymous() {
        return new DomainException(ErrorCode.UNAUTHORIZED, "this needs an authenticated user");
    }
}
