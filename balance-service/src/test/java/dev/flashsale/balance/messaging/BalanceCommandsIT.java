package dev.flashsale.balance.messaging;

import dev.flashsale.balance.BalanceIntegrationTest;
import dev.flashsale.balance.Fixtures;
import dev.flashsale.balance.application.BalanceService;
import dev.flashsale.balance.application.UserService;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.messaging.MessageCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The payment step of the order saga, through the real broker: commands in, replies out through the outbox. */
@BalanceIntegrationTest
class BalanceCommandsIT {

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    MessageCodec codec;
    @Autowired
    UserService users;
    @Autowired
    BalanceService balances;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    Fixtures fixtures;
    OrderSagaPlayer saga;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(users, jdbc);
        saga = new OrderSagaPlayer(kafka, codec);
    }

    @AfterEach
    void tearDown() {
        saga.close();
    }

    @Test
    void paysForAnOrderAndRepliesBalanceDeducted() {
        long userId = userWith(10_000);
        long orderId = Fixtures.nextOrderId();
        double deductedBefore = meters.get("balance.deducted").summary().totalAmount();

        saga.send(new DeductBalance(orderId, userId, 3_000));

        BalanceDeducted deducted = (BalanceDeducted) saga.awaitReplies(orderId, 1).get(0);
        assertThat(deducted.orderId()).isEqualTo(orderId);
        assertThat(deducted.userId()).isEqualTo(userId);
        assertThat(deducted.amount()).isEqualTo(3_000);
        assertThat(deducted.paymentRef()).isNotBlank();
        assertThat(fixtures.storedBalance(userId)).contains(7_000L);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE order_id = ? AND type = 'PAYMENT' AND amount = 3000")
                .param(orderId).query(Long.class).single()).isEqualTo(1);
        fixtures.assertLedgerReconciles(userId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("balance.deducted").summary().totalAmount() >= deductedBefore + 3_000);
    }

    @Test
    void aRedeliveredCommandIsHandledOnce() {
        long userId = userWith(10_000);
        long orderId = Fixtures.nextOrderId();
        double duplicatesBefore = duplicates("DeductBalance");

        UUID eventId = saga.send(new DeductBalance(orderId, userId, 3_000));
        saga.send(new DeductBalance(orderId, userId, 3_000), eventId);

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates("DeductBalance") >= duplicatesBefore + 1);
        saga.awaitReplies(orderId, 1);
        assertThat(saga.repliesAfterQuietPeriod(orderId)).hasSize(1);
        assertThat(fixtures.storedBalance(userId)).contains(7_000L);
        assertThat(fixtures.ledgerEntries(userId)).isEqualTo(2);
    }

    @Test
    void aRepeatedCommandForAPaidOrderRepliesTheSamePaymentRefAndDeductsNothing() {
        long userId = userWith(10_000);
        long orderId = Fixtures.nextOrderId();

        saga.send(new DeductBalance(orderId, userId, 3_000));
        saga.send(new DeductBalance(orderId, userId, 3_000));

        List<SagaMessage> replies = saga.awaitReplies(orderId, 2);
        assertThat(replies).hasSize(2).allSatisfy(reply -> assertThat(reply).isInstanceOf(BalanceDeducted.class));
        assertThat(replies.get(1)).isEqualTo(replies.get(0));
        assertThat(fixtures.storedBalance(userId)).contains(7_000L);
        fixtures.assertLedgerReconciles(userId);
    }

    @Test
    void declinesAnOrderTheBalanceDoesNotCoverAndKeepsDecliningIt() {
        long userId = userWith(2_999);
        long orderId = Fixtures.nextOrderId();
        double declinedBefore = declined(ErrorCode.INSUFFICIENT_BALANCE);

        saga.send(new DeductBalance(orderId, userId, 3_000));
        BalanceDeductionFailed failed = (BalanceDeductionFailed) saga.awaitReplies(orderId, 1).get(0);
        // The orchestrator has cancelled the order by now: a retry must not pay for it after a top-up.
        balances.charge(userId, 10_000, null);
        saga.send(new DeductBalance(orderId, userId, 3_000));

        assertThat(failed.reason()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(failed.detail()).contains("2999", "3000");
        assertThat(saga.awaitReplies(orderId, 2).get(1)).isEqualTo(failed);
        assertThat(fixtures.storedBalance(userId)).contains(12_999L);
        fixtures.assertLedgerReconciles(userId);
        await().atMost(Duration.ofSeconds(10)).until(() -> declined(ErrorCode.INSUFFICIENT_BALANCE) >= declinedBefore + 1);
    }

    @Test
    void declinesAnOrderOfAnUnknownUser() {
        long unknown = Long.MAX_VALUE - Fixtures.nextOrderId();
        long orderId = Fixtures.nextOrderId();

        saga.send(new DeductBalance(orderId, unknown, 3_000));

        assertThat(saga.awaitReplies(orderId, 1).get(0)).isInstanceOfSatisfying(BalanceDeductionFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo(ErrorCode.USER_NOT_FOUND));
        assertThat(fixtures.storedBalance(unknown)).isEmpty();
    }

    @Test
    void refundsAPaidOrderOnce() {
        long userId = userWith(10_000);
        long orderId = Fixtures.nextOrderId();

        saga.send(new DeductBalance(orderId, userId, 3_000));
        saga.send(new RefundBalance(orderId, userId));
        saga.send(new RefundBalance(orderId, userId));

        List<SagaMessage> replies = saga.awaitReplies(orderId, 3);
        assertThat(replies.get(1)).isEqualTo(new BalanceRefunded(orderId, userId, 3_000));
        assertThat(replies.get(2)).isEqualTo(new BalanceRefunded(orderId, userId, 0));
        assertThat(fixtures.storedBalance(userId)).contains(10_000L);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE order_id = ? AND type = 'REFUND'")
                .param(orderId).query(Long.class).single()).isEqualTo(1);
        fixtures.assertLedgerReconciles(userId);
    }

    @Test
    void aRefundBeforeAnyDeductionRefundsNothingAndTheLateDeductionIsRefused() {
        long userId = userWith(10_000);
        long orderId = Fixtures.nextOrderId();

        saga.send(new RefundBalance(orderId, userId));
        saga.send(new DeductBalance(orderId, userId, 3_000));

        List<SagaMessage> replies = saga.awaitReplies(orderId, 2);
        assertThat(replies.get(0)).isEqualTo(new BalanceRefunded(orderId, userId, 0));
        assertThat(replies.get(1)).isInstanceOfSatisfying(BalanceDeductionFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(fixtures.storedBalance(userId)).contains(10_000L);
        assertThat(fixtures.ledgerEntries(userId)).isEqualTo(1);
    }

    @Test
    void aDeductionAfterTheRefundOfTheOrderIsRefused() {
        long userId = userWith(10_000);
        long orderId = Fixtures.nextOrderId();

        saga.send(new DeductBalance(orderId, userId, 3_000));
        saga.send(new RefundBalance(orderId, userId));
        saga.send(new DeductBalance(orderId, userId, 3_000));

        assertThat(saga.awaitReplies(orderId, 3).get(2)).isInstanceOfSatisfying(BalanceDeductionFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(fixtures.storedBalance(userId)).contains(10_000L);
    }

    @Test
    void aFullyDiscountedOrderIsPaidWithNothingEvenWithoutABalance() {
        long userId = fixtures.newUser();
        long orderId = Fixtures.nextOrderId();

        saga.send(new DeductBalance(orderId, userId, 0));

        assertThat(saga.awaitReplies(orderId, 1).get(0)).isInstanceOfSatisfying(BalanceDeducted.class,
                deducted -> assertThat(deducted.amount()).isZero());
        assertThat(fixtures.storedBalance(userId)).contains(0L);
        fixtures.assertLedgerReconciles(userId);
    }

    /**
     * A flash sale's payments: many orders of a few users at once. A user's commands share one partition (they are
     * keyed by user), so one consumer handles all of them, and two consumers never wait on, or deadlock over, one
     * balance row. Keyed by order, as they once were, they spread over every partition; each of the three consumers
     * locked both users' rows in its own order inside its batch's transaction, deadlocked with the others, and backed
     * off until the order saga gave the step up (issue 15's burst: hundreds of deduct_balance timeouts).
     */
    @Test
    void paymentsOfFewUsersAcrossManyOrdersAreMadeWithoutADeadlock() {
        long first = userWith(1_000_000);
        long second = userWith(1_000_000);
        long deadlocksBefore = deadlocks();
        List<DeductBalance> commands = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            commands.add(new DeductBalance(Fixtures.nextOrderId(), i % 2 == 0 ? first : second, 100));
        }

        saga.sendAll(commands);

        List<Long> orderIds = commands.stream().map(DeductBalance::orderId).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("SELECT count(*) FROM payment WHERE order_id IN (:ids)")
                .param("ids", orderIds).query(Long.class).single() == orderIds.size());
        assertThat(fixtures.storedBalance(first)).contains(1_000_000L - 100 * 100);
        assertThat(fixtures.storedBalance(second)).contains(1_000_000L - 100 * 100);
        fixtures.assertLedgerReconciles(first);
        fixtures.assertLedgerReconciles(second);
        assertThat(deadlocks()).as("deadlocks in this database while the payments were made").isEqualTo(deadlocksBefore);
    }

    /** PostgreSQL's count of deadlocks detected in this database (its statistics are flushed within a second). */
    private long deadlocks() {
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").query(Long.class).single();
    }

    private long userWith(long balance) {
        long userId = fixtures.newUser();
        balances.charge(userId, balance, null);
        return userId;
    }

    private double declined(ErrorCode code) {
        Counter counter = meters.find("balance.rejections").tag("operation", "deduct").tag("code", code.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double duplicates(String type) {
        Counter counter = meters.find("messaging.inbox.duplicates").tag("consumer", "balance-service").tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }
}
