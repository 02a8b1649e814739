package dev.flashsale.order.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.RetryLaterException;
import dev.flashsale.messaging.IdempotentRequests;
import dev.flashsale.order.OrderIntegrationTest;
import dev.flashsale.order.domain.OrderLine;
import dev.flashsale.order.persistence.OrderStore;
import dev.flashsale.order.saga.application.SagaOrchestrator;
import dev.flashsale.order.saga.persistence.SagaStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static dev.flashsale.order.support.OrderApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Admission on the real database: the open sagas are counted there, and a refused order leaves nothing behind,
 * not even its Idempotency-Key. The bound is set two above the sagas other tests left open, counted once before
 * the test: admission is handed that count, so the test does not depend on when their sagas end (it did, and
 * failed once in CI when one ended between the test's count and admission's own).
 */
@OrderIntegrationTest
class OrderAdmissionIT {

    @Autowired
    OrderStore orderStore;
    @Autowired
    SagaOrchestrator saga;
    @Autowired
    SagaStore sagas;
    @Autowired
    IdempotentRequests idempotentRequests;
    @Autowired
    OrderWaiters waiters;
    @Autowired
    Clock clock;
    @Autowired
    OrderSettings settings;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aNewOrderBeyondTheBoundIsRefusedAndKeepsNothingWhileARetryOfAnAcceptedOneIsAnswered() {
        long openBefore = sagas.countOpen();
        OrderAdmission admission = new OrderAdmission(() -> openBefore, System::nanoTime,
                new OrderSettings.Admission((int) openBefore + 2, Duration.ofHours(1), Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
        Orders orders = new Orders(orderStore, saga, idempotentRequests, waiters, admission, clock, settings);
        long user = newId();
        PlaceOrder order = new PlaceOrder(user, List.of(new OrderLine(newId(), 1)), null);

        OrderAccepted first = orders.place(order, "first");
        orders.place(order, "second");
        assertThatThrownBy(() -> orders.place(order, "third")).isInstanceOfSatisfying(RetryLaterException.class,
                refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.RATE_LIMITED));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE user_id = ?", Long.class, user)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messaging.idempotency_key WHERE key = 'third' AND scope = ?",
                Long.class, "orders:user:" + user)).isZero();
        assertThat(orders.place(order, "first").orderId()).as("a retry of an accepted order is not refused")
                .isEqualTo(first.orderId());
    }
}
