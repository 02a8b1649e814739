package dev.flashsale.order.support;

import dev.flashsale.order.application.OrderAccepted;
import dev.flashsale.order.domain.OrderStatus;
import dev.flashsale.order.web.OrderResponse;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The order API as a client uses it, and fresh ids so tests never share a user, variant or coupon. */
public final class OrderApi {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

    private final RestTestClient http;

    public OrderApi(RestTestClient http) {
        this.http = http;
    }

    public static long newId() {
        return IDS.incrementAndGet();
    }

    /** {@code {"userId": .., "items": [{"variantId": .., "quantity": ..}], "userCouponId": ..}} */
    public static Map<String, Object> body(long userId, Long userCouponId, long... variantAndQuantity) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < variantAndQuantity.length; i += 2) {
            items.add(Map.of("variantId", variantAndQuantity[i], "quantity", variantAndQuantity[i + 1]));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("items", items);
        if (userCouponId != null) {
            body.put("userCouponId", userCouponId);
        }
        return body;
    }

    /** Submits an order and returns its id; expects 202. */
    public long place(Map<String, Object> body) {
        OrderAccepted accepted = http.post().uri("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(OrderAccepted.class).returnResult().getResponseBody();
        return accepted.orderId();
    }

    public OrderResponse get(long orderId, long waitMs) {
        return http.get().uri("/api/v1/orders/{id}?waitMs={wait}", orderId, waitMs).exchange()
                .expectStatus().isOk()
                .expectBody(OrderResponse.class).returnResult().getResponseBody();
    }

    /** The order once it is COMPLETED or CANCELLED; fails after {@code timeout}. */
    public OrderResponse finished(long orderId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        OrderResponse order = get(orderId, 0);
        while (order.status() == OrderStatus.PENDING && Instant.now().isBefore(deadline)) {
            order = get(orderId, Math.min(5_000, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
        }
        if (order.status() == OrderStatus.PENDING) {
            throw new AssertionError("order " + orderId + " is still PENDING after " + timeout);
        }
        return order;
    }

    public OrderResponse finished(long orderId) {
        return finished(orderId, Duration.ofSeconds(30));
    }
}
