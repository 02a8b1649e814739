package dev.flashsale.gateway.security;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.gateway.domain.Caller;
import dev.flashsale.gateway.routing.ApiOperation;
import dev.flashsale.gateway.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.gateway.server.mvc.filter.BodyFilterFunctions;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A user may act only for themselves, wherever the request names a user: the path is checked by
 * {@link SecurityConfiguration}; this filter checks the rest on every route. A {@code userId} query
 * parameter or top-level {@code userId} in a JSON body (order submission, charge, coupon issue) must be
 * the caller's. And {@code GET /api/v1/orders/{orderId}} names no user at all: only order-service knows
 * whose order it is, so the answer is read here and handed over only if its {@code userId} is the
 * caller's. Admins may act for anyone; anonymous requests only reach public reads.
 */
public final class OwnershipFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(OwnershipFilter.class);

    static final String USER_ID = "userId";
    /** An order is a few kilobytes; anything far larger is not one. */
    private static final int MAX_ORDER_BYTES = 1 << 20;
    /** Duplicate keys would let the gateway and a service read different user ids from one body. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final long maxBodyBytes;

    public OwnershipFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        Optional<Caller> authenticated = Callers.current();
        if (authenticated.isEmpty() || authenticated.get().isAdmin()) {
            return next.handle(request);
        }
        Caller caller = authenticated.get();
        for (String userId : request.params().getOrDefault(USER_ID, List.of())) {
            if (!caller.mayActFor(userId)) {
                return forbidden();
            }
        }
        ServerRequest checked = request;
        if (isJson(request)) {
            byte[] body = request.servletRequest().getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                return ProblemResponses.of(ErrorCode.PAYLOAD_TOO_LARGE, "the request body may be at most " + maxBodyBytes + " bytes");
            }
            Optional<JsonNode> userId;
            try {
                userId = userIdIn(body);
            } catch (JacksonException e) {
                return ProblemResponses.of(ErrorCode.VALIDATION_FAILED, "the request body is not valid JSON");
            }
            // an array or object is not a user id; asString() of one would throw and answer 500
            if (userId.isPresent() && (!userId.get().isValueNode() || !caller.mayActFor(userId.get().asString()))) {
                return forbidden();
            }
            MvcUtils.putAttribute(request, MvcUtils.CACHED_REQUEST_BODY_ATTR, new ByteArrayInputStream(body));
            checked = BodyFilterFunctions.adaptCachedBody().apply(request);
        }
        ServerResponse response = next.handle(checked);
        if (ApiOperation.ORDER_READ.matches(request) && response.statusCode().value() == HttpStatus.OK.value()) {
            return handOverOwnOrder(caller, request, response);
        }
        return response;
    }

    private static boolean isJson(ServerRequest request) {
        return request.headers().contentType()
                .filter(type -> MediaType.APPLICATION_JSON.isCompatibleWith(type)
                        || (type.getSubtype() != null && type.getSubtype().endsWith("+json")))
                .isPresent();
    }

    /** The top-level {@code userId}, if the body names one; a JSON {@code null} names no one. */
    private static Optional<JsonNode> userIdIn(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        JsonNode root = JSON.readTree(body);
        JsonNode userId = root == null || !root.isObject() ? null : root.get(USER_ID);
        return userId == null || userId.isNull() ? Optional.empty() : Optional.of(userId);
    }

    private static ServerResponse handOverOwnOrder(Caller caller, ServerRequest request, ServerResponse response) throws IOException {
        ClientHttpResponse downstream = MvcUtils.getAttribute(request, MvcUtils.CLIENT_RESPONSE_ATTR);
        InputStream bodyStream = MvcUtils.getAttribute(request, MvcUtils.CLIENT_RESPONSE_INPUT_STREAM_ATTR);
        if (downstream == null || bodyStream == null) {
            throw new IllegalStateException("the order read did not go through the proxy");
        }
        byte[] body;
        // The proxied response is replaced by one with the same bytes, so closing the original is ours to do.
        try (downstream) {
            body = bodyStream.readNBytes(MAX_ORDER_BYTES);
        }
        Optional<JsonNode> owner;
        try {
            owner = userIdIn(body);
        } catch (JacksonException e) {
            owner = Optional.empty();
        }
        if (owner.isEmpty()) {
            log.warn("order-service answered {} without a userId; refusing to hand it over", request.path());
            return forbidden();
        }
        if (!caller.mayActFor(owner.get().asString())) {
            return forbidden();
        }
        return ServerResponse.status(response.statusCode())
                .headers(headers -> headers.addAll(response.headers()))
                .body(body);
    }

    private static ServerResponse forbidden() {
        return ProblemResponses.of(ErrorCode.FORBIDDEN, "a user may only read or act on their own user id");
    }
}
