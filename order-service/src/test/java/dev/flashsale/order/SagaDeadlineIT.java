package dev.flashsale.order;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Topics;

import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.order.saga.application.SagaSettings;
import dev.flashsale.order.saga.application.SagaSweeper;
import dev.flashsale.order.domain.OrderStatus;
import dev.flashsale.order.support.OrderApi;
import dev.flashsale.order.support.OrderRows;
import dev.flashsale.order.support.Script;
import dev.flashsale.order.support.ScriptedParticipants;
import dev.flashsale.order.web.OrderResponse;
import dev.flashsale.testkit.MutableClock;
import dev.flashsale.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.time.Duration;

import static dev.flashsale.order.support.OrderApi.body;
import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Participants that do not answer in time, answer late, out of order, or never acknowledge. Time is moved by hand. */
@OrderIntegrationTest
class SagaDeadlineIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Autowired
    RestTestClient http;
    @Autowired
    ScriptedParticipants participants;
    @Autowired
    MutableClock clock;
    @Autowired
    SagaSweeper sweeper;
    @Autowired
    SagaSettings settings;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    OrderApi orders;
    OrderRows rows;

    @BeforeEach
    void setUp() {
        orders = new OrderApi(http);
        rows = new OrderRows(jdbc);
    }

    @Test
    void aReservationThatGetsNoAnswerTimesOutAndTheStockIsReleasedAnyway() {
        long variant = newId();
        participants.script(variant, Script.succeeding().on(ReserveStock.class, Script.Delivery.SILENT));
        long orderId = orders.place(body(newId(), null, variant, 1));
        awaitCommands(orderId, "ReserveStock");

        passDeadline();

        OrderResponse order = orders.finished(orderId);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.failureReason()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(participants.commands(orderId)).containsExactly("ReserveStock", "ReleaseStock");
    }

    @Test
    void aSilentBalanceServiceTimesOutAndEverythingIsGivenBackNewestFirst() {
        long variant = newId();
        participants.script(variant, Script.succeeding().on(DeductBalance.class, Script.Delivery.SILENT));
        long orderId = orders.place(body(newId(), newId(), variant, 2));
        awaitCommands(orderId, "ReserveStock", "UseCoupon", "DeductBalance");

        passDeadline();

        OrderResponse order = orders.finished(orderId);
        assertThat(order.failureReason()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(participants.commands(orderId)).containsExactly(
                "ReserveStock", "UseCoupon", "DeductBalance", "RefundBalance", "RestoreCoupon", "ReleaseStock");
        assertThat(rows.payments(orderId)).isZero();
    }

    @Test
    void aBalanceDeductionThatArrivesAfterTheTimeoutIsRefunded() {
        long variant = newId();
        participants.script(variant, Script.succeeding().on(DeductBalance.class, Script.Delivery.HOLD));
        try (TopicReader cancellations = TopicReader.fromBeginning(Topics.ORDER_CANCELLED)) {
            long orderId = orders.place(body(newId(), null, variant, 2));
            awaitCommands(orderId, "ReserveStock", "DeductBalance");
            passDeadline();
            assertThat(orders.finished(orderId).failureReason()).isEqualTo(ErrorCode.TIMEOUT);

            participants.releaseHeld(orderId, false);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(participants.count(orderId, RefundBalance.class)).isEqualTo(2));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(rows.sagaState(orderId)).isEqualTo("CANCELLED"));
            OrderResponse order = orders.get(orderId, 0);
            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(order.paidAmount()).isZero();
            assertThat(rows.payments(orderId)).isZero();
            String key = Long.toString(orderId);
            assertThat(cancellations.readFor(Duration.ofSeconds(2)).stream().filter(r -> r.key().equals(key)))
                    .as("the order was cancelled once").hasSize(1);
        }
    }

    @Test
    void repliesThatArriveOutOfOrderStillLeaveNoMoneyDeducted() {
        long variant = newId();
        Script script = participants.script(variant, Script.succeeding()
                .on(DeductBalance.class, Script.Delivery.HOLD)
                .on(RefundBalance.class, Script.Delivery.HOLD));
        long orderId = orders.place(body(newId(), null, variant, 1));
        awaitCommands(orderId, "ReserveStock", "DeductBalance");
        passDeadline();
        awaitCommands(orderId, "ReserveStock", "DeductBalance", "RefundBalance");
        script.on(RefundBalance.class, Script.Delivery.ANSWER);

        // The refund's acknowledgement overtakes the deduction it should have followed.
        participants.releaseHeld(orderId, true);

        OrderResponse order = orders.finished(orderId);
        assertThat(order.failureReason()).isEqualTo(ErrorCode.TIMEOUT);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(rows.sagaState(orderId)).isEqualTo("CANCELLED"));
        // The deduction that came last is refunded by a second RefundBalance; the stock and the refund travel
        // on different topics, so only their counts are certain.
        assertThat(participants.commands(orderId)).startsWith("ReserveStock", "DeductBalance", "RefundBalance");
        assertThat(participants.count(orderId, RefundBalance.class)).isEqualTo(2);
        assertThat(participants.count(orderId, ReleaseStock.class)).isEqualTo(1);
        assertThat(rows.payments(orderId)).isZero();
    }

    @Test
    void aCompensationThatIsNeverAcknowledgedEndsFailedAndCanBeRedriven() {
        long variant = newId();
        Script script = participants.script(variant, Script.succeeding()
                .rejectCoupon(ErrorCode.COUPON_NOT_USABLE)
                .on(ReleaseStock.class, Script.Delivery.SILENT));
        long orderId = orders.place(body(newId(), newId(), variant, 1));
        awaitCommands(orderId, "ReserveStock", "UseCoupon", "ReleaseStock");

        int sends = settings.maxAttempts();
        for (int sent = 1; sent < sends; sent++) {
            passDeadline();
            int expected = sent + 1;
            await().atMost(PATIENCE).until(() -> participants.count(orderId, ReleaseStock.class) == expected);
        }
        passDeadline();
        await().atMost(PATIENCE).until(() -> "FAILED".equals(rows.sagaState(orderId)));

        OrderResponse stalled = orders.get(orderId, 0);
        assertThat(stalled.status()).as("the customer sees that a person must look").isEqualTo(OrderStatus.NEEDS_ATTENTION);
        assertThat(stalled.failureReason()).isEqualTo(ErrorCode.COUPON_NOT_USABLE);
        http.get().uri("/api/v1/admin/sagas?state=failed&size=100").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.orderId == " + orderId + ")].participants[0].name").isEqualTo("stock")
                .jsonPath("$.items[?(@.orderId == " + orderId + ")].participants[0].effect").isEqualTo("UNDOING")
                .jsonPath("$.items[?(@.orderId == " + orderId + ")].participants[0].attempts").isEqualTo(sends);
        assertThat(meters.get("order.saga.ended").tag("outcome", "failed").counter().count()).isPositive();
        assertThat(meters.get("order.saga.failed").gauge().value()).isPositive();

        script.on(ReleaseStock.class, Script.Delivery.ANSWER);
        http.post().uri("/api/v1/admin/sagas/{id}/redrive", orderId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("COMPENSATING")
                .jsonPath("$.participants[0].attempts").isEqualTo(1);

        // NEEDS_ATTENTION is no longer PENDING: a waiting read answers at once; the order turns CANCELLED once the
        // redriven release is acknowledged.
        await().atMost(PATIENCE).until(() -> orders.get(orderId, 0).status() == OrderStatus.CANCELLED);
        OrderResponse order = orders.get(orderId, 0);
        assertThat(order.failureReason()).isEqualTo(ErrorCode.COUPON_NOT_USABLE);
        assertThat(order.paidAmount()).isZero();
        http.post().uri("/api/v1/admin/sagas/{id}/redrive", orderId).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("CONFLICT");
    }

    @Test
    void aRedriveOfAnUnknownOrderIsNotFound() {
        http.post().uri("/api/v1/admin/sagas/{id}/redrive", newId()).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("ORDER_NOT_FOUND");
    }

    private double failedEnds(String reason) {
        var counter = meters.find("order.saga.ended").tag("outcome", "failed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Moves the clock past any saga's current deadline and lets the sweeper look. */
    private void passDeadline() {
        clock.advance(settings.maxRetryDelay().plusSeconds(1));
        sweeper.sweep();
    }

    private void awaitCommands(long orderId, String... commands) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(participants.commands(orderId)).containsExactly(commands));
    }
}
