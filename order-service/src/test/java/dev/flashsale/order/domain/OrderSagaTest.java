package dev.flashsale.order.domain;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.events.OrderCancelled;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.ConfirmStock;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.contracts.saga.UseCoupon;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static dev.flashsale.order.domain.OrderTestData.anOrder;
import static dev.flashsale.order.domain.OrderTestData.reservedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderSagaTest {

    private static final SagaTimeouts TIMEOUTS = new SagaTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), 4);

    @Test
    void startsByReservingEveryLine() {
        Run run = new Run(anOrder().withLine(12, 2).withLine(13, 1).build());

        assertThat(run.sent).singleElement().isEqualTo(new ReserveStock(1001, run.order.lines()));
        assertThat(run.saga.state()).isEqualTo(SagaState.RUNNING);
        assertThat(run.saga.step()).isEqualTo(SagaStep.RESERVE_STOCK);
        assertThat(run.saga.deadline()).isEqualTo(run.now.plusSeconds(10).toInstant());
    }

    @Test
    void withoutACouponDeductsTheReservedTotal() {
        Run run = new Run(anOrder().withLine(12, 2).build());

        run.stockReserved(19_000);

        assertThat(run.last()).isEqualTo(new DeductBalance(1001, 7, 38_000));
        assertThat(run.saga.coupon()).isEqualTo(Effect.NONE);
    }

    @Test
    void withACouponAsksForTheDiscountOnTheReservedTotalThenDeductsTheRest() {
        Run run = new Run(anOrder().withLine(12, 2).withCoupon(88).build());

        run.stockReserved(19_000);
        assertThat(run.last()).isEqualTo(new UseCoupon(1001, 88, 7, 38_000));

        run.move(run.saga.onCouponApplied(run.order, new CouponApplied(1001, 88, 3_800), run.now, TIMEOUTS));
        assertThat(run.last()).isEqualTo(new DeductBalance(1001, 7, 34_200));
    }

    @Test
    void completesTheOrderRecordsThePaymentAndConfirmsTheStockOnceTheBalanceIsDeducted() {
        Run run = new Run(anOrder().withLine(12, 2).withCoupon(88).build());
        run.stockReserved(19_000);
        run.move(run.saga.onCouponApplied(run.order, new CouponApplied(1001, 88, 3_800), run.now, TIMEOUTS));

        Transition paid = run.balanceDeducted(34_200);

        assertThat(run.order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(run.order.paidAmount()).isEqualTo(34_200);
        assertThat(paid.payment()).hasValueSatisfying(payment -> {
            assertThat(payment.amount()).isEqualTo(34_200);
            assertThat(payment.paymentRef()).isEqualTo("pay-1001");
        });
        assertThat(paid.messages()).hasSize(2);
        assertThat(paid.messages().get(0)).isInstanceOfSatisfying(OrderCompleted.class, event -> {
            assertThat(event.totalAmount()).isEqualTo(38_000);
            assertThat(event.discountAmount()).isEqualTo(3_800);
            assertThat(event.paidAmount()).isEqualTo(34_200);
            assertThat(event.userCouponId()).isEqualTo(88);
            assertThat(event.items()).singleElement().satisfies(item -> {
                assertThat(item.productId()).isEqualTo(1012);
                assertThat(item.unitPrice()).isEqualTo(19_000);
            });
        });
        assertThat(paid.messages().get(1)).isEqualTo(new ConfirmStock(1001));
        assertThat(run.saga.state()).isEqualTo(SagaState.CONFIRMING);
        assertThat(paid.ended()).isEmpty();

        Transition confirmed = run.move(run.saga.onStockConfirmed(run.now));
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(run.saga.stock()).isEqualTo(Effect.CONFIRMED);
        assertThat(confirmed.ended()).contains(SagaState.COMPLETED);
    }

    @Test
    void cancelsAtOnceWhenTheStockIsRefused() {
        Run run = new Run(anOrder().build());

        Transition refused = run.rejected(Participant.STOCK, ErrorCode.OUT_OF_STOCK);

        assertThat(refused.messages()).singleElement().isInstanceOfSatisfying(OrderCancelled.class,
                event -> assertThat(event.failureReason()).isEqualTo(ErrorCode.OUT_OF_STOCK));
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(refused.ended()).contains(SagaState.CANCELLED);
    }

    @Test
    void releasesTheStockWhenTheCouponIsRejected() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);

        run.rejected(Participant.COUPON, ErrorCode.COUPON_EXPIRED);

        assertThat(run.last()).isEqualTo(new ReleaseStock(1001));
        assertThat(run.order.status()).isEqualTo(OrderStatus.PENDING);

        run.undone(Participant.STOCK);
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.COUPON_EXPIRED);
    }

    @Test
    void compensatesNewestFirstWhenTheBalanceIsShortAfterTheCouponWasUsed() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.move(run.saga.onCouponApplied(run.order, new CouponApplied(1001, 88, 500), run.now, TIMEOUTS));

        run.rejected(Participant.BALANCE, ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(run.last()).isEqualTo(new RestoreCoupon(1001, 88));
        run.undone(Participant.COUPON);
        assertThat(run.last()).isEqualTo(new ReleaseStock(1001));
        Transition last = run.undone(Participant.STOCK);

        assertThat(run.commands()).containsExactly("ReserveStock", "UseCoupon", "DeductBalance", "RestoreCoupon",
                "ReleaseStock", "OrderCancelled");
        assertThat(last.messages()).singleElement().isInstanceOf(OrderCancelled.class);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
        assertThat(run.order.paidAmount()).isZero();
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
    }

    @Test
    void aReservationThatGetsNoAnswerTimesOutAndIsReleasedAnyway() {
        Run run = new Run(anOrder().build());

        run.later(Duration.ofSeconds(9));
        assertThat(run.deadline().messages()).isEmpty();

        run.later(Duration.ofSeconds(1));
        Transition timedOut = run.deadline();

        assertThat(timedOut.timedOut()).contains(SagaStep.RESERVE_STOCK);
        assertThat(run.last()).isEqualTo(new ReleaseStock(1001));
        run.undone(Participant.STOCK);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void refundsABalanceDeductionThatArrivesAfterTheSagaGaveUp() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.move(run.saga.onCouponApplied(run.order, new CouponApplied(1001, 88, 0), run.now, TIMEOUTS));
        run.later(Duration.ofSeconds(10));
        run.deadline();
        assertThat(run.last()).isEqualTo(new RefundBalance(1001, 7));
        run.undone(Participant.BALANCE);
        run.undone(Participant.COUPON);
        run.undone(Participant.STOCK);
        assertThat(run.order.status()).isEqualTo(OrderStatus.CANCELLED);
        int cancelledEvents = run.count(OrderCancelled.class);

        Transition late = run.balanceDeducted(2000);

        assertThat(late.compensatedLateReply()).isTrue();
        assertThat(late.payment()).isEmpty();
        assertThat(late.messages()).containsExactly(new RefundBalance(1001, 7));
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(run.saga.deadline()).isNotNull();
        Transition acknowledged = run.undone(Participant.BALANCE);
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(acknowledged.ended()).as("the saga ended once already").isEmpty();
        assertThat(run.count(OrderCancelled.class)).isEqualTo(cancelledEvents);
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
        assertThat(run.saga.stock()).isEqualTo(Effect.UNDOING);
    }

    @Test
    void aLateSuccessWhileAnotherStepIsUndoneIsCompensatedOnceAndWaitedOnInItsTurn() {
        Run run = new Run(anOrder().build());
        run.stockReserved(1000);
        run.later(Duration.ofSeconds(10));
        run.deadline();
        run.undone(Participant.BALANCE);
        assertThat(run.saga.step()).isEqualTo(SagaStep.RELEASE_STOCK);

        run.balanceDeducted(1000);
        assertThat(run.count(RefundBalance.class)).isEqualTo(2);
        run.undone(Participant.STOCK);

        assertThat(run.count(RefundBalance.class)).as("the refund is out already; it is waited on, not sent again").isEqualTo(2);
        assertThat(run.saga.step()).isEqualTo(SagaStep.REFUND_BALANCE);
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
        run.undone(Participant.BALANCE);
        assertThat(run.saga.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(run.count(OrderCancelled.class)).isOne();
    }

    @Test
    void duplicatedRepliesChangeNothing() {
        Run run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.stockReserved(1000);
        run.move(run.saga.onCouponApplied(run.order, new CouponApplied(1001, 88, 100), run.now, TIMEOUTS));
        run.move(run.saga.onCouponApplied(run.order, new CouponApplied(1001, 88, 100), run.now, TIMEOUTS));
        Transition first = run.balanceDeducted(1900);
        Transition second = run.balanceDeducted(1900);
        run.move(run.saga.onStockConfirmed(run.now));
        Transition again = run.move(run.saga.onStockConfirmed(run.now));

        assertThat(run.commands()).containsExactly("ReserveStock", "UseCoupon", "DeductBalance", "OrderCompleted", "ConfirmStock");
        assertThat(first.payment()).isPresent();
        assertThat(second.payment()).isEmpty();
        assertThat(again.ended()).isEmpty();
    }

    @Test
    void aRejectionAfterTheDeadlineChangesNothing() {
        Run run = new Run(anOrder().build());
        run.later(Duration.ofSeconds(10));
        run.deadline();

        Transition late = run.rejected(Participant.STOCK, ErrorCode.OUT_OF_STOCK);

        assertThat(late.messages()).isEmpty();
        run.undone(Participant.STOCK);
        assertThat(run.order.failureReason()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void aSuccessAfterARejectionIsCompensated() {
        Run run = new Run(anOrder().build());
        run.rejected(Participant.STOCK, ErrorCode.OUT_OF_STOCK);

        run.stockReserved(1000);

        assertThat(run.last()).isEqualTo(new ReleaseStock(1001));
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
    }

    @Test
    void resendsAnUnacknowledgedCompensationWithGrowingWaitsThenFails() {
        Run run = new Run(anOrder().build());
        run.rejected(Participant.STOCK, ErrorCode.OUT_OF_STOCK);
        run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.rejected(Participant.COUPON, ErrorCode.COUPON_NOT_USABLE);
        OffsetDateTime sentAt = run.now;

        List<Duration> waits = new ArrayList<>();
        while (run.saga.state() != SagaState.FAILED) {
            Duration wait = Duration.between(run.now.toInstant(), run.saga.deadline());
            waits.add(wait);
            run.later(wait);
            run.deadline();
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(60));
        assertThat(run.count(ReleaseStock.class)).isEqualTo(4);
        assertThat(run.saga.deadline()).isNull();
        assertThat(run.saga.attempts()).isEqualTo(4);
        assertThat(run.order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(sentAt).isBefore(run.now);

        Transition acknowledged = run.undone(Participant.STOCK);
        assertThat(run.saga.state()).as("a late acknowledgement still finishes a FAILED saga").isEqualTo(SagaState.CANCELLED);
        assertThat(acknowledged.messages()).singleElement().isInstanceOf(OrderCancelled.class);
    }

    @Test
    void aRedriveSendsTheAwaitedCommandAgainWithFreshAttempts() {
        Run run = new Run(anOrder().build());
        run.rejected(Participant.STOCK, ErrorCode.OUT_OF_STOCK);
        run = new Run(anOrder().withCoupon(88).build());
        run.stockReserved(1000);
        run.rejected(Participant.COUPON, ErrorCode.COUPON_NOT_USABLE);
        while (run.saga.state() != SagaState.FAILED) {
            run.later(Duration.between(run.now.toInstant(), run.saga.deadline()));
            run.deadline();
        }

        Transition redriven = run.move(run.saga.redrive(run.order, run.now, TIMEOUTS));

        assertThat(redriven.messages()).containsExactly(new ReleaseStock(1001));
        assertThat(run.saga.state()).isEqualTo(SagaState.COMPENSATING);
        assertThat(run.saga.attempts()).isEqualTo(1);
        assertThat(run.saga.deadline()).isEqualTo(run.now.plusSeconds(10).toInstant());
    }

    @Test
    void aFinishedSagaCannotBeRedriven() {
        Run run = new Run(anOrder().build());
        run.rejected(Participant.STOCK, ErrorCode.OUT_OF_STOCK);

        assertThatThrownBy(() -> run.saga.redrive(run.order, run.now, TIMEOUTS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnconfirmedSaleIsConfirmedAgainAndNeverUndone() {
        Run run = new Run(anOrder().build());
        run.stockReserved(1000);
        run.balanceDeducted(2000);

        run.later(Duration.ofSeconds(10));
        Transition resent = run.deadline();

        assertThat(resent.messages()).containsExactly(new ConfirmStock(1001));
        assertThat(run.order.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(run.saga.state()).isEqualTo(SagaState.CONFIRMING);
    }

    @Test
    void aPaidOrderWhoseStockCannotBeConfirmedStaysCompletedAndTheSagaFailsForAnOperator() {
        Run run = new Run(anOrder().build());
        run.stockReserved(1000);
        run.balanceDeducted(2000);

        Transition refused = run.undone(Participant.STOCK);

        assertThat(run.order.status()).as("paid: nothing is given back").isEqualTo(OrderStatus.COMPLETED);
        assertThat(refused.messages()).isEmpty();
        assertThat(refused.ended()).contains(SagaState.FAILED);
        assertThat(run.saga.state()).isEqualTo(SagaState.FAILED);
        assertThat(run.saga.step()).as("still awaiting the confirmation").isEqualTo(SagaStep.CONFIRM_STOCK);
        assertThat(run.saga.stock()).isEqualTo(Effect.REJECTED);
        assertThat(run.saga.failureReason()).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(run.saga.deadline()).as("asking again would get the same answer").isNull();

        run.later(Duration.ofHours(1));
        assertThat(run.deadline().messages()).isEmpty();
        assertThat(run.undone(Participant.STOCK).ended()).as("the same answer again fails nothing twice").isEmpty();
    }

    @Test
    void aRedriveOfARefusedConfirmationAsksAgainAndCompletesOnceTheStockIsSold() {
        Run run = new Run(anOrder().build());
        run.stockReserved(1000);
        run.balanceDeducted(2000);
        run.undone(Participant.STOCK);

        Transition redriven = run.move(run.saga.redrive(run.order, run.now, TIMEOUTS));
        assertThat(redriven.messages()).containsExactly(new ConfirmStock(1001));
        assertThat(run.saga.state()).isEqualTo(SagaState.CONFIRMING);
        assertThat(run.undone(Participant.STOCK).ended()).as("refused again").contains(SagaState.FAILED);

        run.move(run.saga.redrive(run.order, run.now, TIMEOUTS));
        Transition confirmed = run.move(run.saga.onStockConfirmed(run.now));

        assertThat(confirmed.ended()).contains(SagaState.COMPLETED);
        assertThat(run.saga.stock()).isEqualTo(Effect.CONFIRMED);
        assertThat(run.saga.failureReason()).isNull();
    }

    @Test
    void aConfirmationRefusedAfterTheRetriesRanOutRecordsWhyWithoutFailingTwice() {
        Run run = new Run(anOrder().build());
        run.stockReserved(1000);
        run.balanceDeducted(2000);
        while (run.saga.state() != SagaState.FAILED) {
            run.later(Duration.between(run.now.toInstant(), run.saga.deadline()));
            run.deadline();
        }
        assertThat(run.saga.failureReason()).isNull();

        Transition refused = run.undone(Participant.STOCK);

        assertThat(refused.ended()).isEmpty();
        assertThat(run.saga.failureReason()).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(run.saga.stock()).isEqualTo(Effect.REJECTED);
    }

    @Test
    void mapsParticipantReasonsOntoTheOrdersFailureReasons() {
        assertThat(FailureReasons.ofStock(ErrorCode.PRODUCT_NOT_FOUND)).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        assertThat(FailureReasons.ofStock(ErrorCode.VALIDATION_FAILED)).isEqualTo(ErrorCode.OUT_OF_STOCK);
        assertThat(FailureReasons.ofCoupon(ErrorCode.COUPON_EXPIRED)).isEqualTo(ErrorCode.COUPON_EXPIRED);
        assertThat(FailureReasons.ofCoupon(ErrorCode.COUPON_NOT_FOUND)).isEqualTo(ErrorCode.COUPON_NOT_USABLE);
        assertThat(FailureReasons.ofBalance(ErrorCode.USER_NOT_FOUND)).isEqualTo(ErrorCode.USER_NOT_FOUND);
        assertThat(FailureReasons.ofBalance(ErrorCode.CONFLICT)).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
    }

    /** One saga driven by hand, remembering every message it sent. */
    private static final class Run {
        final Order order;
        final OrderSaga saga;
        final List<Message> sent = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.parse("2026-11-22T10:00:00+09:00");

        Run(Order order) {
            this.order = order;
            this.saga = new OrderSaga(order, now);
            move(saga.begin(order, now, TIMEOUTS));
        }

        Transition move(Transition transition) {
            sent.addAll(transition.messages());
            return transition;
        }

        void stockReserved(long unitPrice) {
            move(saga.onStockReserved(order, new StockReserved(1001, reservedAt(order, unitPrice)), now, TIMEOUTS));
        }

        Transition balanceDeducted(long amount) {
            return move(saga.onBalanceDeducted(order, new BalanceDeducted(1001, 7, amount, "pay-1001"), now, TIMEOUTS));
        }

        Transition rejected(Participant participant, ErrorCode reason) {
            return move(saga.onRejected(participant, reason, order, now, TIMEOUTS));
        }

        Transition undone(Participant participant) {
            return move(saga.onUndone(participant, order, now, TIMEOUTS));
        }

        Transition deadline() {
            return move(saga.onDeadline(order, now, TIMEOUTS));
        }

        void later(Duration duration) {
            now = now.plus(duration);
        }

        Message last() {
            return sent.get(sent.size() - 1);
        }

        List<String> commands() {
            return sent.stream().map(message -> message.getClass().getSimpleName()).toList();
        }

        int count(Class<? extends Message> type) {
            return (int) sent.stream().filter(type::isInstance).count();
        }
    }
}
