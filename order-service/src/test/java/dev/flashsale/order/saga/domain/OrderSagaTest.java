package dev.flashsale.order.saga.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.OrderStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flashsale.order.domain.OrderTestData.anOrder;
import static dev.flashsale.order.domain.OrderTestData.pricedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The saga's state machine alone, with the order saga's plan (stock, then the coupon when there is one, then the
 * balance) and a plan with two participants in one stage. Every sent command is recorded by its step name
 * ({@code reserve_stock}, {@code release_stock}, ...), and the order's events as {@code completed}/{@code cancelled}.
 */
class OrderSagaTest {

    private static final SagaTimeouts TIMEOUTS = new SagaTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), 4);
    private static final Participant STOCK = new Participant("stock", "reserve_stock", "release_stock", order -> false);
    private static final Participant COUPON = new Participant("coupon", "use_coupon", "restore_coupon",
            order -> !order.hasCoupon());
    private static final Participant BALANCE = new Participant("balance", "deduct_balance", "refund_balance",
            order -> false);
    private static final SagaPlan ORDER_SAGA = SagaPlan.of(List.of(List.of(STOCK), List.of(COUPON), List.of(BALANCE)));

    @Test
    void startsByAskingForTheStockWithADeadline() {
        Run run = new Run(anOrder().withLine(12, 2).withLine(13, 1).build());

        assertThat(run.sent).containsExactly("reserve_stock");
        assertThat(run.saga.state()).isEqualTo(SagaState.RUNNING);
        assertThat(run.saga.effectOf("stock")).isEqualTo(Effect.REQUESTED);
        assertThat(run.saga.nextDeadline()).isEqualTo(run.now.plusSeconds(10));
    }

    @Test
    void withoutACouponPassesTheCouponByAndDeductsTheReservedTotal() {
        Run run = new Run(anOrder().withLine(12, 2).build());

        run.stockReserved(19_000);

        assertThat(run.sent).containsExactly("reserve_stock", "deduct_balance");
        assertThat(run.order.payableAmount()).isEqualTo(38_000);
        assertThat(run.saga.effectOf("coupon")).isEqualTo(Effect.NONE);
        assertThat(run.saga.effectOf("stock")).isEqualTo(Effect.DONE);
    }

    @Test
    void withACouponAsksForTheDiscountOnTheReservedTotalThenDeductsTheRest() {
        Run run = new Run(anOrder().withLine(12, 2).withCoupon(88).build());

        run.stockReserved(19_000);
        assertThat(run.last()).isEqualTo("use_coupon");
        assertThat(run.order.totalAmount()).isEqualTo(38_000);

        run.couponApplied(3_800);
        assertThat(run.last()).isEqualTo("deduct_balance");
        assertThat(run.order.payableAmount()).isEqualTo(34_200);
    }

    @Test
    void completesTheOrderAndRecordsThePaymentOnceTheBalanceIsDeducted() {
        Run run = new Run(anOrder().withLine(12, 2).withCoupon(88).build());
        run.stockReserved(19_000);
        run.couponApplied(3_800);

        Transition paid = run.balanceDeducted(34_200);

        assertThat(run.order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(run.order.paidAmount()).isEqualTo(34_200);
        assertThat(paid.payment()).hasValueSatisfying(payment -> {
            assertThat(payment.amount()).isEqualTo(34_200);
            assertThat(payment.paymentRef()).isEqualTo("pay-1001");
            assertThat(payment.orderId()).isEqualTo(1001);
        });
        assertThat(paid.completedOrder()).isTrue();
        assertThat(run.sent).as("no confirmation round trip: the held stock is the order's")
                .containsExactly("reserve_stock", "use_coupon", "deduct_balance", "completed");
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(paid.ended()).contains(SagaState.COMPLETED);
        assertThat(run.saga.nextDeadline()).isNull();
    }

    @Test
    void aCompletedSagaIgnoresEveryLaterReply() {
        Run run = new Run(anOrder().build());
        run.stockReserved(1000);
        run.balanceDeducted(2000);

        run.move(run.saga.onUndone(ORDER_SAGA, STOCK, run.order, run.now, TIMEOUTS));
        run.move(run.saga.onRejected(ORDER_SAGA, BALANCE, ErrorCode.INSUFFICIENT_BALANCE, run.order, run.now, TIMEOUTS));
        run.later(Duration.ofHours(1));
        run.deadline();

        assertThat(run.sent).containsExactly("reserve_stock", "deduct_balance", "completed");
        assertThat(run.order.status()).isEqualTo(OrderStatus.COMPLETED);
    }

    @Test
    void cancelsAtOnceWhenTheStockIsRefused() {
        Run run = new Run(anOrder().build());

        Transition refused = run.rejected(STOCK, ErrorCode.OUT_OF_STOCK);

        assertThat(refused.cancelledOrder()).isTrue();
        assertThat(run.sent).containsExactly("reserve_stock", "cancelled");
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(refused.ended()).contains(SagaState.CANCELLED);
    }

    @Test
    void releasesTheStockWhenTheCouponIsRejected() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);

        run.rejected(COUPON, ErrorCode.COUPON_EXPIRED);

        assertThat(run.last()).isEqualTo("release_stock");
        assertThat(run.order.status()).isEqualTo(OrderStatus.PENDING);
        run.undone(STOCK);
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.COUPON_EXPIRED);
    }

    @Test
    void compensatesNewestFirstWhenTheBalanceIsShortAfterTheCouponWasUsed() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.couponApplied(500);

        run.rejected(BALANCE, ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(run.last()).isEqualTo("restore_coupon");
        run.undone(COUPON);
        assertThat(run.last()).isEqualTo("release_stock");
        Transition last = run.undone(STOCK);

        assertThat(run.sent).containsExactly("reserve_stock", "use_coupon", "deduct_balance", "restore_coupon",
                "release_stock", "cancelled");
        assertThat(last.cancelledOrder()).isTrue();
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(run.order.paidAmount()).isZero();
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
    }

    @Test
    void aReservationThatGetsNoAnswerTimesOutAndIsReleasedAnyway() {
        Run run = new Run(anOrder().build());

        run.later(Duration.ofSeconds(9));
        assertThat(run.deadline().instructions()).isEmpty();

        run.later(Duration.ofSeconds(1));
        Transition timedOut = run.deadline();

        assertThat(timedOut.timedOut()).containsExactly("reserve_stock");
        assertThat(run.last()).isEqualTo("release_stock");
        run.undone(STOCK);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void refundsABalanceDeductionThatArrivesAfterTheSagaGaveUp() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.couponApplied(0);
        run.later(Duration.ofSeconds(10));
        run.deadline();
        assertThat(run.last()).isEqualTo("refund_balance");
        run.undone(BALANCE);
        run.undone(COUPON);
        run.undone(STOCK);
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);

        Transition late = run.balanceDeducted(2000);

        assertThat(late.compensatedLateReply()).isTrue();
        assertThat(late.payment()).isEmpty();
        assertThat(run.last()).isEqualTo("refund_balance");
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(run.saga.nextDeadline()).isNotNull();
        Transition acknowledged = run.undone(BALANCE);
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(acknowledged.ended()).as("the saga ended once already").isEmpty();
        assertThat(run.count("cancelled")).isOne();
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aSuccessThatArrivesWhileItsStepIsBeingUndoneNeedsNoSecondCompensation() {
        Run run = new Run(anOrder().build());
        run.later(Duration.ofSeconds(10));
        run.deadline();
        int sent = run.sent.size();

        run.stockReserved(1000);

        assertThat(run.sent).hasSize(sent);
        assertThat(run.order.totalAmountOrNull()).as("a given-up reservation does not price the order").isNull();
        assertThat(run.saga.effectOf("stock")).isEqualTo(Effect.UNDOING);
    }

    @Test
    void aLateSuccessWhileAnotherStepIsUndoneIsCompensatedOnceAndWaitedOnInItsTurn() {
        Run run = new Run(anOrder().build());
        run.stockReserved(1000);
        run.later(Duration.ofSeconds(10));
        run.deadline();
        run.undone(BALANCE);
        assertThat(run.saga.effectOf("stock")).isEqualTo(Effect.UNDOING);

        run.balanceDeducted(1000);
        assertThat(run.count("refund_balance")).isEqualTo(2);
        run.undone(STOCK);

        assertThat(run.count("refund_balance")).as("the refund is out already; it is waited on, not sent again")
                .isEqualTo(2);
        assertThat(run.saga.progress().get("balance").deadline()).isNotNull();
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
        run.undone(BALANCE);
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(run.count("cancelled")).isOne();
    }

    @Test
    void duplicatedRepliesChangeNothing() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.stockReserved(1000);
        run.couponApplied(100);
        run.couponApplied(100);
        Transition first = run.balanceDeducted(1900);
        Transition second = run.balanceDeducted(1900);

        assertThat(run.sent).containsExactly("reserve_stock", "use_coupon", "deduct_balance", "completed");
        assertThat(first.payment()).isPresent();
        assertThat(second.payment()).isEmpty();
        assertThat(second.ended()).isEmpty();
    }

    @Test
    void aRejectionAfterTheDeadlineChangesNothing() {
        Run run = new Run(anOrder().build());
        run.later(Duration.ofSeconds(10));
        run.deadline();

        Transition late = run.rejected(STOCK, ErrorCode.OUT_OF_STOCK);

        assertThat(late.instructions()).isEmpty();
        run.undone(STOCK);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void aSuccessAfterARejectionIsCompensated() {
        Run run = new Run(anOrder().build());
        run.rejected(STOCK, ErrorCode.OUT_OF_STOCK);

        run.stockReserved(1000);

        assertThat(run.last()).isEqualTo("release_stock");
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
    }

    @Test
    void resendsAnUnacknowledgedCompensationWithGrowingWaitsThenTheOrderNeedsAttention() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.rejected(COUPON, ErrorCode.COUPON_NOT_USABLE);

        List<Duration> waits = new ArrayList<>();
        Transition gaveUp = null;
        while (run.saga.state() != SagaState.FAILED) {
            Duration wait = Duration.between(run.now, run.saga.nextDeadline());
            waits.add(wait);
            run.later(wait);
            gaveUp = run.deadline();
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(60));
        assertThat(run.count("release_stock")).isEqualTo(4);
        assertThat(gaveUp.ended()).contains(SagaState.FAILED);
        assertThat(run.saga.nextDeadline()).isNull();
        assertThat(run.saga.progress().get("stock").attempts()).isEqualTo(4);
        assertThat(run.order.status()).as("the customer sees it").isEqualTo(OrderStatus.NEEDS_ATTENTION);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.COUPON_NOT_USABLE);

        Transition acknowledged = run.undone(STOCK);
        assertThat(run.saga.state()).as("a late acknowledgement still finishes a FAILED saga").isEqualTo(SagaState.CANCELLED);
        assertThat(acknowledged.cancelledOrder()).isTrue();
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aRedriveSendsTheAwaitedCompensationAgainWithFreshAttempts() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.rejected(COUPON, ErrorCode.COUPON_NOT_USABLE);
        while (run.saga.state() != SagaState.FAILED) {
            run.later(Duration.between(run.now, run.saga.nextDeadline()));
            run.deadline();
        }

        Transition redriven = run.redrive();

        assertThat(redriven.instructions()).extracting(i -> i.participant().compensationStep())
                .containsExactly("release_stock");
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(run.saga.progress().get("stock").attempts()).isEqualTo(1);
        assertThat(run.saga.nextDeadline()).isEqualTo(run.now.plusSeconds(10));
        assertThat(run.order.status()).as("until the compensation is acknowledged").isEqualTo(OrderStatus.NEEDS_ATTENTION);
        run.undone(STOCK);
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aRedriveOfAStuckForwardStepAsksAgainWithFreshAttempts() {
        Run run = new Run(anOrder().build());
        run.later(Duration.ofSeconds(5));

        Transition redriven = run.redrive();

        assertThat(redriven.instructions()).singleElement().satisfies(instruction -> {
            assertThat(instruction.participant()).isEqualTo(STOCK);
            assertThat(instruction.compensation()).isFalse();
        });
        assertThat(run.saga.nextDeadline()).isEqualTo(run.now.plusSeconds(10));
    }

    @Test
    void aFinishedSagaCannotBeRedriven() {
        Run run = new Run(anOrder().build());
        run.rejected(STOCK, ErrorCode.OUT_OF_STOCK);

        assertThat(run.saga.waitsOnSomething(ORDER_SAGA)).isFalse();
        assertThatThrownBy(run::redrive).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void participantsOfOneStageAreAskedTogetherAndTheNextStageWaitsForBoth() {
        Participant gift = new Participant("gift", "wrap_gift", "unwrap_gift", order -> false);
        SagaPlan plan = SagaPlan.of(List.of(List.of(STOCK, gift), List.of(BALANCE)));
        Run run = new Run(plan, anOrder().build());

        assertThat(run.sent).containsExactly("reserve_stock", "wrap_gift");
        run.stockReserved(1000);
        assertThat(run.sent).as("the gift is not wrapped yet").hasSize(2);
        run.succeeded(gift);

        assertThat(run.sent).containsExactly("reserve_stock", "wrap_gift", "deduct_balance");
    }

    @Test
    void whenOneOfTwoParallelStepsFailsTheOtherIsUndoneEvenBeforeItAnswers() {
        Participant gift = new Participant("gift", "wrap_gift", "unwrap_gift", order -> false);
        SagaPlan plan = SagaPlan.of(List.of(List.of(STOCK, gift), List.of(BALANCE)));
        Run run = new Run(plan, anOrder().build());

        run.rejected(gift, ErrorCode.COUPON_NOT_USABLE);
        assertThat(run.last()).as("the stock, still out, is released").isEqualTo("release_stock");
        run.stockReserved(1000);
        assertThat(run.count("release_stock")).as("its compensation is out already").isOne();
        run.undone(STOCK);

        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.COUPON_NOT_USABLE);
        assertThat(run.sent).doesNotContain("unwrap_gift", "deduct_balance");
    }

    @Test
    void aDeadlineLeftOnAParticipantOfACompletedSagaSendsNothing() {
        Order order = anOrder().build();
        Instant now = Instant.parse("2026-11-22T01:00:00Z");
        Map<String, ParticipantProgress> progress = Map.of(
                "stock", new ParticipantProgress(Effect.DONE, 1, now, null),
                "balance", new ParticipantProgress(Effect.REQUESTED, 1, now, now.plusSeconds(10)));
        OrderSaga completed = OrderSaga.restore(order.id(), SagaState.COMPLETED, null, now, now.plusSeconds(5), progress);

        Transition transition = completed.onDeadline(ORDER_SAGA, order, now.plusSeconds(60), TIMEOUTS);

        assertThat(transition.instructions()).as("no refund for a completed order").isEmpty();
        assertThat(completed.state()).isEqualTo(SagaState.COMPLETED);
    }

    /** One saga driven by hand, remembering every command and event it sent, by step name. */
    private static final class Run {
        final SagaPlan plan;
        final Order order;
        final OrderSaga saga;
        final List<String> sent = new ArrayList<>();
        Instant now = Instant.parse("2026-11-22T01:00:00Z");

        Run(Order order) {
            this(ORDER_SAGA, order);
        }

        Run(SagaPlan plan, Order order) {
            this.plan = plan;
            this.order = order;
            this.saga = OrderSaga.of(order, now);
            move(saga.begin(plan, order, now, TIMEOUTS));
        }

        Transition move(Transition transition) {
            for (Transition.Instruction instruction : transition.instructions()) {
                sent.add(instruction.compensation() ? instruction.participant().compensationStep()
                        : instruction.participant().forwardStep());
            }
            if (transition.completedOrder()) {
                sent.add("completed");
            }
            if (transition.cancelledOrder()) {
                sent.add("cancelled");
            }
            return transition;
        }

        void stockReserved(long unitPrice) {
            move(saga.onSucceeded(plan, STOCK, new StepResult.Priced(pricedAt(order, unitPrice)), order, now, TIMEOUTS));
        }

        void couponApplied(long discount) {
            move(saga.onSucceeded(plan, COUPON, new StepResult.Discounted(discount), order, now, TIMEOUTS));
        }

        Transition balanceDeducted(long amount) {
            return move(saga.onSucceeded(plan, BALANCE, new StepResult.Paid(amount, "pay-1001"), order, now, TIMEOUTS));
        }

        void succeeded(Participant participant) {
            move(saga.onSucceeded(plan, participant, new StepResult.Done(), order, now, TIMEOUTS));
        }

        Transition rejected(Participant participant, ErrorCode reason) {
            return move(saga.onRejected(plan, participant, reason, order, now, TIMEOUTS));
        }

        Transition undone(Participant participant) {
            return move(saga.onUndone(plan, participant, order, now, TIMEOUTS));
        }

        Transition deadline() {
            return move(saga.onDeadline(plan, order, now, TIMEOUTS));
        }

        Transition redrive() {
            return move(saga.redrive(plan, order, now, TIMEOUTS));
        }

        void later(Duration duration) {
            now = now.plus(duration);
        }

        String last() {
            return sent.get(sent.size() - 1);
        }

        int count(String step) {
            return (int) sent.stream().filter(step::equals).count();
        }
    }
}
