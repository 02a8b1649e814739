package dev.flashsale.web;

/**
 * The headers the api-gateway sets on every request it routes to a service. The gateway removes any
 * a client sent, so a service may trust them on a request that passed {@link GatewayTrustFilter}.
 */
public final class GatewayHeaders {

    /** The authenticated user's id (the token's {@code sub}); absent on an anonymous request. */
    public static final String USER_ID = "X-User-Id";

    /** The authenticated user's roles, comma-separated (e.g. {@code admin}); absent on an anonymous request. */
    public static final String USER_ROLES = "X-User-Roles";

    /** The secret shared by the gateway and the services: proof that a request came through the gateway. */
    public static final String SECRET = "X-Gateway-Secret";

    private GatewayHeaders() {
    }
}
