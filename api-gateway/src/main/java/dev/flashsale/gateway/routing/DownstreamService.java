package dev.flashsale.gateway.routing;

import java.util.List;
import java.util.Locale;

/**
 * The services behind the gateway and the public paths each one owns. The order of the constants is the
 * order the routes are tried in: ranking comes first because its one public path,
 * {@code /api/v1/products/popular}, lies inside product-service's {@code /api/v1/products/**}.
 */
public enum DownstreamService {

    RANKING("/api/v1/products/popular", "/api/v1/admin/ranking/**"),
    BALANCE("/api/v1/users/*", "/api/v1/users/*/balance/**", "/api/v1/admin/users/**", "/api/v1/admin/balance/**"),
    PRODUCT("/api/v1/products/**", "/api/v1/admin/products/**", "/api/v1/admin/variants/**"),
    COUPON("/api/v1/coupons/**", "/api/v1/users/*/coupons/**", "/api/v1/admin/coupons/**"),
    ORDER("/api/v1/orders/**", "/api/v1/users/*/orders/**", "/api/v1/admin/orders/**", "/api/v1/admin/sagas/**");

    private final List<String> pathPatterns;

    DownstreamService(String... pathPatterns) {
        this.pathPatterns = List.of(pathPatterns);
    }

    /** Path patterns in Spring's {@code PathPattern} syntax; {@code /x/**} matches {@code /x} too. */
    public List<String> pathPatterns() {
        return pathPatterns;
    }

    /** The route id, the circuit breaker's name and the key in configuration: {@code balance}, {@code order}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How people call it: {@code balance-service}. */
    public String displayName() {
        return key() + "-service";
    }
}
