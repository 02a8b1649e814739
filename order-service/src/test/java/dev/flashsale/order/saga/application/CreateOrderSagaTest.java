package dev.flashsale.order.saga.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.OrderLine;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.ReservedLine;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.PricedLine;
import dev.flashsale.order.saga.domain.OrderSaga;
import dev.flashsale.order.saga.domain.Participant;
import dev.flashsale.order.saga.domain.SagaTimeouts;
import dev.flashsale.order.saga.domain.StepResult;
import dev.flashsale.order.saga.domain.Transition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.flashsale.order.domain.OrderTestData.anOrder;
import static dev.flashsale.order.domain.OrderTestData.pricedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order saga's table: who acts in which order, what each instruction is on the wire, what each reply means. */
class CreateOrderSagaTest {

    private final SagaDefinition saga = CreateOrderSaga.DEFINITION;

    @Test
    void stockThenCouponThenBalanceEachWaitingForTheOneBefore() {
        assertThat(saga.plan().participants()).extracting(Participant::name).containsExactly("stock", "coupon", "balance");
        assertThat(saga.plan().participants()).extracting(Participant::forwardStep)
                .containsExactly("reserve_stock", "use_coupon", "deduct_balance");
        assertThat(saga.plan().participants()).extracting(Participant::compensationStep)
                .containsExactly("release_stock", "restore_coupon", "refund_balance");
    }

    @Test
    void theCouponIsPassedByForAnOrderWithoutOne() {
        Participant coupon = saga.plan().named("coupon");

        assertThat(coupon.skips(anOrder().build())).isTrue();
        assertThat(coupon.skips(anOrder().withCoupon(88).build())).isFalse();
    }

    @Test
    void everyInstructionBecomesItsParticipantsCommandFromTheOrder() {
        Order order = anOrder().withLine(12, 2).withCoupon(88).build();
        order.priceWith(pricedAt(order, 19_000));
        order.discount(3_800);

        assertThat(message("stock", false, order)).isEqualTo(new ReserveStock(1001, List.of(new OrderLine(12, 2))));
        assertThat(message("stock", true, order)).isEqualTo(new ReleaseStock(1001));
        assertThat(message("coupon", false, order)).isEqualTo(new UseCoupon(1001, 88, 7, 38_000));
        assertThat(message("coupon", true, order)).isEqualTo(new RestoreCoupon(1001, 88));
        assertThat(message("balance", false, order)).isEqualTo(new DeductBalance(1001, 7, 34_200));
        assertThat(message("balance", true, order)).isEqualTo(new RefundBalance(1001, 7));
    }

    @Test
    void aSuccessTellsTheOrderWhatItNeedsInItsOwnTerms() {
        SagaDefinition.Route reserved = saga.route(new StockReserved(1001,
                List.of(new ReservedLine(12, 3, "tee", "M/black", 2, 19_000)))).orElseThrow();
        SagaDefinition.Route applied = saga.route(new CouponApplied(1001, 88, 3_800)).orElseThrow();
        SagaDefinition.Route paid = saga.route(new BalanceDeducted(1001, 7, 34_200, "pay-1")).orElseThrow();

        assertThat(reserved.step().participant().name()).isEqualTo("stock");
        assertThat(((SagaStepDefinition.Success<?>) reserved.reply()).resultOf(new StockReserved(1001,
                List.of(new ReservedLine(12, 3, "tee", "M/black", 2, 19_000)))))
                .isEqualTo(new StepResult.Priced(List.of(new PricedLine(12, 3, "tee", "M/black", 2, 19_000))));
        assertThat(((SagaStepDefinition.Success<?>) applied.reply()).resultOf(new CouponApplied(1001, 88, 3_800)))
                .isEqualTo(new StepResult.Discounted(3_800));
        assertThat(((SagaStepDefinition.Success<?>) paid.reply()).resultOf(new BalanceDeducted(1001, 7, 34_200, "pay-1")))
                .isEqualTo(new StepResult.Paid(34_200, "pay-1"));
    }

    @Test
    void aRejectionCarriesTheOrdersFailureReason() {
        assertThat(reason(new StockReservationFailed(1001, ErrorCode.PRODUCT_NOT_FOUND, 12, "gone")))
                .isEqualTo(ErrorCode.PRODUCT_NOT_FOUND);
        assertThat(reason(new CouponRejected(1001, 88, ErrorCode.COUPON_NOT_FOUND, "whose?")))
                .isEqualTo(ErrorCode.COUPON_NOT_USABLE);
        assertThat(reason(new BalanceDeductionFailed(1001, 7, ErrorCode.INSUFFICIENT_BALANCE, "short")))
                .isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
    }

    @Test
    void theReplyListenerHearsEveryReplyOfEveryParticipant() {
        assertThat(saga.replyTypes()).containsExactlyInAnyOrder(StockReserved.class, StockReservationFailed.class,
                StockReleased.class, CouponApplied.class, CouponRejected.class, CouponRestored.class,
                BalanceDeducted.class, BalanceDeductionFailed.class, BalanceRefunded.class);
        assertThat(saga.route(new BalanceRefunded(1001, 7, 0)).orElseThrow().reply())
                .isInstanceOf(SagaStepDefinition.Undone.class);
    }

    @Test
    void aTableInWhichTwoStepsShareAReplyIsRefused() {
        SagaStepDefinition stock = row("stock");
        SagaStepDefinition again = row("again");

        assertThatThrownBy(() -> SagaDefinition.of(List.of(stock, again)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StockReserved answers two steps");
    }

    @Test
    void aRowMarkedParallelJoinsTheStageOfTheRowBeforeIt() {
        SagaStepDefinition first = SagaStepDefinition.participant("stock", "reserve_stock", "release_stock")
                .command(order -> new ReserveStock(order.id(), List.of(new OrderLine(1, 1))))
                .compensation(order -> new ReleaseStock(order.id()))
                .succeedsWith(StockReserved.class, reply -> new StepResult.Done())
                .failsWith(StockReservationFailed.class, StockReservationFailed::reason)
                .undoneWith(StockReleased.class).build();
        SagaStepDefinition second = SagaStepDefinition.participant("coupon", "use_coupon", "restore_coupon")
                .inParallelWithPrevious()
                .command(order -> new RestoreCoupon(order.id(), 1))
                .compensation(order -> new RestoreCoupon(order.id(), 1))
                .succeedsWith(CouponApplied.class, reply -> new StepResult.Done())
                .failsWith(CouponRejected.class, CouponRejected::reason)
                .undoneWith(CouponRestored.class).build();
        SagaDefinition parallel = SagaDefinition.of(List.of(first, second));
        Order order = anOrder().build();

        Transition begun = OrderSaga.of(order, Instant.EPOCH)
                .begin(parallel.plan(), order, Instant.EPOCH,
                        new SagaTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), 1));

        assertThat(begun.instructions()).extracting(instruction -> instruction.participant().name())
                .containsExactly("stock", "coupon");
    }

    private Object message(String participant, boolean compensation, Order order) {
        return saga.message(new Transition.Instruction(saga.plan().named(participant), compensation), order);
    }

    private ErrorCode reason(SagaMessage reply) {
        return ((SagaStepDefinition.Rejection<?>) saga.route(reply).orElseThrow().reply()).reasonOf(reply);
    }

    private static SagaStepDefinition row(String name) {
        return SagaStepDefinition.participant(name, "reserve_" + name, "release_" + name)
                .command(order -> new ReleaseStock(order.id()))
                .compensation(order -> new ReleaseStock(order.id()))
                .succeedsWith(StockReserved.class, reply -> new StepResult.Done())
                .failsWith(StockReservationFailed.class, StockReservationFailed::reason)
                .undoneWith(StockReleased.class).build();
    }
}
