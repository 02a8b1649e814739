package dev.flashsale.order.saga.persistence;

import dev.flashsale.order.OrderIntegrationTest;
import dev.flashsale.order.saga.domain.Effect;
import dev.flashsale.order.saga.domain.OrderSaga;
import dev.flashsale.order.saga.domain.SagaState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A move that waited for the saga's lock sees the saga as the move before it committed it, participants included.
 * In the flash-sale burst a late BalanceDeducted waited on the sweeper's TIMEOUT move, then saw the saga
 * COMPENSATING beside its balance step still REQUESTED (the participant row as it was before the wait), marked it
 * DONE and sent no refund: the saga waited on nothing, forever, with the money taken.
 */
@OrderIntegrationTest
class SagaStoreLockIT {

    @Autowired
    SagaStore sagas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aMoveThatWaitedForTheLockSeesTheParticipantsAsTheMoveBeforeItLeftThem() throws Exception {
        long orderId = 900_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        jdbc.update("INSERT INTO orders (id, user_id, status, created_at) VALUES (?, 1, 'PENDING', now())", orderId);
        jdbc.update("INSERT INTO order_saga (order_id, state, started_at) VALUES (?, 'RUNNING', now())", orderId);
        jdbc.update("""
                INSERT INTO order_saga_participant (order_id, participant, effect, attempts, step_started_at, deadline)
                VALUES (?, 'stock', 'DONE', 1, now(), NULL), (?, 'balance', 'REQUESTED', 1, now(), now())""",
                orderId, orderId);

        CountDownLatch firstHoldsTheLock = new CountDownLatch(1);
        CountDownLatch secondIsWaiting = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            assertThat(sagas.lock(orderId)).isPresent();
            firstHoldsTheLock.countDown();
            await(secondIsWaiting);
            sleep(500);
            // What the sweeper's TIMEOUT move writes: the saga compensates, the step in flight is being undone.
            jdbc.update("UPDATE order_saga SET state = 'COMPENSATING', failure_reason = 'TIMEOUT' WHERE order_id = ?", orderId);
            jdbc.update("UPDATE order_saga_participant SET effect = 'UNDOING' WHERE order_id = ? AND participant = 'balance'",
                    orderId);
        }));
        await(firstHoldsTheLock);
        CompletableFuture<OrderSaga> second = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            secondIsWaiting.countDown();
            return sagas.lock(orderId).orElseThrow();
        }));

        first.get(30, TimeUnit.SECONDS);
        OrderSaga seen = second.get(30, TimeUnit.SECONDS);
        assertThat(seen.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(seen.effectOf("balance")).as("the balance step as the first move left it").isEqualTo(Effect.UNDOING);
        assertThat(seen.effectOf("stock")).isEqualTo(Effect.DONE);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
