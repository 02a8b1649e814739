package dev.flashsale.order.web;

import dev.flashsale.order.domain.OrderLine;
import dev.flashsale.order.application.PlaceOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.util.List;

/** {@code {"userId": 7, "items": [{"variantId": 12, "quantity": 2}], "userCouponId": 88}} */
public record PlaceOrderRequest(@NotNull @Positive Long userId,
                                @NotEmpty List<@NotNull @Valid Line> items,
                                @Positive Long userCouponId) {

    public record Line(@NotNull @Positive Long variantId, @NotNull @Positive Integer quantity) {
    }

    PlaceOrder toCommand() {
        return new PlaceOrder(userId, items.stream().map(line -> new OrderLine(line.variantId(), line.quantity())).toList(),
                userCouponId);
    }
}
