package dev.flashsale.order.web;

import dev.flashsale.order.application.OrderAccepted;
import dev.flashsale.order.application.Orders;
import dev.flashsale.order.domain.Order;
import dev.flashsale.web.Caller;
import dev.flashsale.web.PagedResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;

/** Orders: submit one, read one (optionally waiting for its outcome), list a user's. */
@RestController
public class OrderController {

    private final Orders orders;
    private final ZoneId zone;

    public OrderController(Orders orders, Clock clock) {
        this.orders = orders;
        this.zone = clock.getZone();
    }

    /** 202: the order is PENDING and its saga has started; the outcome is read with GET. Only for oneself (or by an admin). */
    @PostMapping("/api/v1/orders")
    ResponseEntity<OrderAccepted> place(@Valid @RequestBody PlaceOrderRequest request, Caller caller,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        caller.mustActFor(request.userId());
        OrderAccepted accepted = orders.place(request.toCommand(), idempotencyKey);
        return ResponseEntity.accepted().location(URI.create("/api/v1/orders/" + accepted.orderId())).body(accepted);
    }

    /**
     * With {@code waitMs}, answers as soon as the order is no longer PENDING, or after that many milliseconds. Only
     * its owner (or an admin) learns anything of it, whether it is finished included, so the owner is checked first.
     */
    @GetMapping("/api/v1/orders/{orderId}")
    CompletableFuture<OrderResponse> get(@PathVariable @Positive long orderId,
                                         @RequestParam(defaultValue = "0") @Min(0) long waitMs, Caller caller) {
        Order order = orders.get(orderId);
        if (!caller.isAdmin()) {
            caller.mustActFor(order.userId());
        }
        return orders.whenFinished(order, Duration.ofMillis(waitMs)).thenApply(finished -> OrderResponse.of(finished, zone));
    }

    @GetMapping("/api/v1/users/{userId}/orders")
    PagedResponse<OrderResponse> ofUser(@PathVariable @Positive long userId,
                                        @RequestParam(defaultValue = "0") @Min(0) int page,
                                        @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Orders.OrdersPage found = orders.ofUser(userId, page, size);
        return PagedResponse.of(found.orders().stream().map(order -> OrderResponse.of(order, zone)).toList(), page, size,
                found.total());
    }
}
