package dev.flashsale.gateway.routing;

import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The few public operations the gateway treats specially (the public contract names them, docs/api.md). */
public enum ApiOperation {

    /** Names no user, so its owner is checked in the answer; may be a long poll ({@code ?waitMs=}). */
    ORDER_READ(HttpMethod.GET, "/api/v1/orders/{orderId}"),
    ORDER_SUBMIT(HttpMethod.POST, "/api/v1/orders"),
    COUPON_ISSUE(HttpMethod.POST, "/api/v1/coupons/{couponId}/issue"),
    BALANCE_CHARGE(HttpMethod.POST, "/api/v1/users/{userId}/balance/charge");

    private final HttpMethod method;
    private final PathPattern path;

    ApiOperation(HttpMethod method, String path) {
        this.method = method;
        this.path = PathPatternParser.defaultInstance.parse(path);
    }

    public boolean matches(ServerRequest request) {
        return method.equals(request.method()) && path.matches(request.requestPath().pathWithinApplication());
    }
}
