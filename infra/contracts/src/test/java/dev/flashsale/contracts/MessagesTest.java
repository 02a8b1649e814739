package dev.flashsale.contracts;

import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.events.OrderItem;
import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.contracts.saga.ReserveStock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    @Test
    void everyMessageHasAUniqueTypeNameAndAKnownTopic() {
        Set<String> names = new HashSet<>();
        for (Class<? extends Message> type : Messages.ALL) {
            MessageTypes.Descriptor descriptor = MessageTypes.of(type);
            assertThat(names.add(descriptor.name())).as("duplicate type name %s", descriptor.name()).isTrue();
            assertThat(Topics.ALL).as("topic of %s", type.getSimpleName()).contains(descriptor.topic());
            assertThat(type.isRecord()).as("%s is a record", type.getSimpleName()).isTrue();
        }
    }

    @Test
    void sagaMessagesAreKeyedByOrderExceptTheBalanceCommandsWhichAreKeyedByUser() {
        assertThat(new dev.flashsale.contracts.saga.DeductBalance(1001, 7, 5_000).aggregateId()).isEqualTo("7");
        assertThat(new dev.flashsale.contracts.saga.RefundBalance(1001, 7).aggregateId()).isEqualTo("7");
        assertThat(new dev.flashsale.contracts.saga.BalanceDeducted(1001, 7, 5_000, "p-1").aggregateId()).isEqualTo("1001");
        assertThat(new dev.flashsale.contracts.saga.ReleaseStock(1001).aggregateId()).isEqualTo("1001");
    }

    @Test
    void orderCompletedCarriesTheFieldsThePublicContractNames() {
        OrderCompleted event = new OrderCompleted(1001, 7,
                List.of(new OrderItem(3, 12, 2, 19000, "tee")), 38000, 3800, 34200, 88L,
                OffsetDateTime.parse("2026-11-22T10:15:30+09:00"));

        JsonNode node = json.valueToTree(event);

        assertThat(node.propertyNames()).contains("orderId", "userId", "items", "totalAmount",
                "discountAmount", "paidAmount", "userCouponId");
        assertThat(node.path("items").get(0).propertyNames())
                .contains("productId", "variantId", "quantity", "unitPrice");
        assertThat(node.has("aggregateId")).as("aggregateId is the envelope's, not a record field").isFalse();
        assertThat(json.treeToValue(node, OrderCompleted.class)).isEqualTo(event);
    }

    @Test
    void aPaidAmountThatDoesNotAddUpIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new OrderCompleted(1, 7, List.of(new OrderItem(3, 12, 1, 100, "tee")),
                100, 10, 100, null, OffsetDateTime.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paidAmount");
    }

    @Test
    void aMalformedCommandFailsAsItIsRead() {
        String noItems = "{\"orderId\": 5, \"items\": []}";
        String negativeQuantity = "{\"orderId\": 5, \"items\": [{\"variantId\": 1, \"quantity\": -2}]}";

        assertThatThrownBy(() -> json.readValue(noItems, ReserveStock.class)).hasMessageContaining("items");
        assertThatThrownBy(() -> json.readValue(negativeQuantity, ReserveStock.class)).hasMessageContaining("quantity");
        assertThat(json.readValue("{\"orderId\": 5, \"items\": [{\"variantId\": 1, \"quantity\": 2}]}",
                ReserveStock.class)).isEqualTo(new ReserveStock(5, List.of(new OrderLine(1, 2))));
    }

    @Test
    void theKeyOfASagaMessageIsItsOrderId() {
        assertThat(new ReserveStock(1001, List.of(new OrderLine(1, 1))).aggregateId()).isEqualTo("1001");
    }
}
