package dev.flashsale.contracts;

import java.net.URI;
import java.util.Locale;

/**
 * The stable, machine-readable codes of the public contract. The same code is the {@code code} of a
 * problem+json response and the {@code reason} of a saga reply, so a rejection reads the same
 * whether it reached the client over HTTP or the orchestrator over Kafka. Each code is also a problem
 * type (RFC 9457): {@link #type()}, e.g. {@code https://flashsale.dev/problems/out-of-stock}, listed in
 * {@code docs/api.md}.
 */
public enum ErrorCode {

    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    USER_NOT_FOUND(404, "User not found"),
    PRODUCT_NOT_FOUND(404, "Product not found"),
    COUPON_NOT_FOUND(404, "Coupon not found"),
    ORDER_NOT_FOUND(404, "Order not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    BALANCE_LIMIT_EXCEEDED(409, "Balance limit exceeded"),
    COUPON_SOLD_OUT(409, "Coupon sold out"),
    COUPON_ALREADY_ISSUED(409, "Coupon already issued"),
    COUPON_NOT_ISSUABLE(409, "Coupon not issuable"),
    COUPON_NOT_USABLE(409, "Coupon not usable"),
    COUPON_EXPIRED(409, "Coupon expired"),
    OUT_OF_STOCK(409, "Out of stock"),
    INSUFFICIENT_BALANCE(409, "Insufficient balance"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
    RATE_LIMITED(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    /** A saga step got no answer before its deadline. Only ever an order's failure reason. */
    TIMEOUT(504, "Timed out");

    /**
     * Where every problem type of the contract lives. An identifier first: clients compare it as a
     * string and never need to fetch it; the same in every environment, so it is no configuration.
     */
    public static final String PROBLEM_TYPE_BASE = "https://flashsale.dev/problems/";

    private final int status;
    private final String title;
    private final URI type;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
        this.type = URI.create(PROBLEM_TYPE_BASE + name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The HTTP status this code is answered with. */
    public int status() {
        return status;
    }

    /** The problem type URI: {@code https://flashsale.dev/problems/} and the code in kebab case. */
    public URI type() {
        return type;
    }

    /** A short, human-readable summary; the same for every occurrence of the code. */
    public String title() {
        return title;
    }
}
