package dev.flashsale.messaging;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import dev.flashsale.contracts.Topics;
import dev.flashsale.contracts.events.OrderCancelled;
import dev.flashsale.contracts.events.OrderCancelled.CancelledItem;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.events.OrderItem;
import dev.flashsale.testkit.PublicEventSchemas;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the outbox writes for the public topics, byte for byte as the relay publishes it (the codec's JSON with its
 * envelope), against the JSON Schemas the data platform reads them with.
 */
class PublicTopicMessagesTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-22T10:15:30.123456789+09:00");

    private final MessageCodec codec = new MessageCodec();

    @Test
    void everyShapeOfACompletedOrderIsValidOnItsTopic() {
        OrderCompleted withCoupon = new OrderCompleted(1001, 7, List.of(
                new OrderItem(3, 12, 2, 19_000, "tee"), new OrderItem(4, 13, 1, 0, null)),
                38_000, 3_800, 34_200, 88L, AT);
        OrderCompleted withoutCoupon = new OrderCompleted(1002, 7, List.of(new OrderItem(3, 12, 1, 19_000, "tee")),
                19_000, 0, 19_000, null, AT);

        for (OrderCompleted event : List.of(withCoupon, withoutCoupon)) {
            PublicEventSchemas.assertValid(Topics.ORDER_COMPLETED, wire(event));
        }
    }

    @Test
    void everyShapeOfACancelledOrderIsValidOnItsTopic() {
        for (ErrorCode reason : List.of(ErrorCode.OUT_OF_STOCK, ErrorCode.PRODUCT_NOT_FOUND, ErrorCode.COUPON_NOT_USABLE,
                ErrorCode.COUPON_EXPIRED, ErrorCode.INSUFFICIENT_BALANCE, ErrorCode.USER_NOT_FOUND, ErrorCode.TIMEOUT)) {
            OrderCancelled neverReserved = new OrderCancelled(1003, 7, List.of(new CancelledItem(12, 5, null, null)),
                    reason, null, AT);
            OrderCancelled reservedWithCoupon = new OrderCancelled(1004, 7, List.of(new CancelledItem(12, 5, 3L, 19_000L)),
                    reason, 88L, AT);
            PublicEventSchemas.assertValid(Topics.ORDER_CANCELLED, wire(neverReserved));
            PublicEventSchemas.assertValid(Topics.ORDER_CANCELLED, wire(reservedWithCoupon));
        }
    }

    @Test
    void eachPublicMessageTypeTravelsOnTheTopicItsSchemaIsFor() {
        assertThat(MessageTypes.of(OrderCompleted.class).topic()).isEqualTo(Topics.ORDER_COMPLETED);
        assertThat(MessageTypes.of(OrderCancelled.class).topic()).isEqualTo(Topics.ORDER_CANCELLED);
        assertThat(PublicEventSchemas.TOPICS).containsExactlyInAnyOrder(Topics.ORDER_COMPLETED, Topics.ORDER_CANCELLED);
    }

    @Test
    void theSchemasRefuseWhatTheDataPlatformCouldNotRead() {
        String completed = wire(new OrderCompleted(1001, 7, List.of(new OrderItem(3, 12, 2, 19_000, "tee")),
                38_000, 0, 38_000, null, AT));

        assertThat(PublicEventSchemas.violations(Topics.ORDER_COMPLETED, completed.replace("\"orderId\":1001,", "")))
                .anySatisfy(violation -> assertThat(violation).contains("orderId"));
        assertThat(PublicEventSchemas.violations(Topics.ORDER_COMPLETED, completed.replace("\"paidAmount\":38000", "\"paidAmount\":\"38000\"")))
                .isNotEmpty();
        assertThat(PublicEventSchemas.violations(Topics.ORDER_COMPLETED, completed.replace("\"items\":[{", "\"items\":[],\"x\":[{")))
                .isNotEmpty();
        assertThat(PublicEventSchemas.violations(Topics.ORDER_COMPLETED, completed.replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"not-a-uuid\"")))
                .isNotEmpty();
        assertThat(PublicEventSchemas.violations(Topics.ORDER_CANCELLED, wire(new OrderCancelled(1003, 7, List.of(), ErrorCode.OUT_OF_STOCK,
                null, AT)).replace("OUT_OF_STOCK", "SOLD_OUT")))
                .isNotEmpty();
        assertThatThrownBy(() -> PublicEventSchemas.assertValid(Topics.ORDER_COMPLETED, "{}")).isInstanceOf(AssertionError.class);
    }

    private String wire(Message message) {
        return codec.encode(message, codec.envelopeFor(message, AT));
    }
}
