package dev.flashsale.web;

/**
 * The headers between the api-gateway and the services. The gateway removes any of them a client sent, and sets
 * {@link #CALLER} on every request it routes; a service trusts only what {@link GatewayIdentity} verifies.
 */
public final class GatewayHeaders {

    /** Who calls, signed by the gateway: see {@link GatewayIdentity}. */
    public static final String CALLER = "X-Caller";

    /**
     * {@code GATEWAY_SECRET} itself: what an operator presents to a service's operator endpoints
     * ({@code /actuator/outbox}, {@code /actuator/deadletters}, ...) on its public port. The gateway never sends it.
     */
    public static final String SECRET = "X-Gateway-Secret";

    /** Once the plain user id the gateway sent; no service reads it, and the gateway drops a client's. */
    public static final String USER_ID = "X-User-Id";

    /** Once the plain roles the gateway sent; no service reads it, and the gateway drops a client's. */
    public static final String USER_ROLES = "X-User-Roles";

    private GatewayHeaders() {
    }
}
