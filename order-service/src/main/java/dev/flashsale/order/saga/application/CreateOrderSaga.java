package dev.flashsale.order.saga.application;

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
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.contracts.saga.UseCoupon;
import dev.flashsale.order.domain.FailureReasons;
import dev.flashsale.order.domain.Order;
import dev.flashsale.order.domain.PricedLine;
import dev.flashsale.order.saga.domain.StepResult;

import java.util.List;

/**
 * The order saga, described once: who takes part, in which order, with which command and compensation, which
 * replies, and when a participant has nothing to do. Adding a participant is one row here plus its service's
 * listener; the state machine ({@code OrderSaga}), the orchestrator and the reply listener take it from here.
 *
 * <pre>
 * stock    ReserveStock  / ReleaseStock    StockReserved{prices}  StockReservationFailed  StockReleased
 * coupon   UseCoupon     / RestoreCoupon   CouponApplied{discount} CouponRejected         CouponRestored   (skipped without a coupon)
 * balance  DeductBalance / RefundBalance   BalanceDeducted{payment} BalanceDeductionFailed BalanceRefunded
 * then     the order is COMPLETED and OrderCompleted goes out; product-service sells the held units when it reads it
 * </pre>
 * Each row waits for the one before it: the coupon's discount needs the reserved prices, the deduction the
 * discount. Stock held for an order never expires while its saga lives: it is sold on OrderCompleted or given back
 * by ReleaseStock, so a paid order always has its goods.
 */
final class CreateOrderSaga {

    static final SagaDefinition DEFINITION = SagaDefinition.of(List.of(
            SagaStepDefinition.participant("stock", "reserve_stock", "release_stock")
                    .command(order -> new ReserveStock(order.id(), lines(order)))
                    .compensation(order -> new ReleaseStock(order.id()))
                    .succeedsWith(StockReserved.class, reply -> new StepResult.Priced(reply.items().stream()
                            .map(line -> new PricedLine(line.variantId(), line.productId(), line.productName(),
                                    line.variantName(), line.quantity(), line.unitPrice()))
                            .toList()))
                    .failsWith(StockReservationFailed.class, reply -> FailureReasons.ofStock(reply.reason()))
                    .undoneWith(StockReleased.class)
                    .build(),
            SagaStepDefinition.participant("coupon", "use_coupon", "restore_coupon")
                    .skippedWhen(order -> !order.hasCoupon())
                    .command(order -> new UseCoupon(order.id(), order.userCouponId(), order.userId(), order.totalAmount()))
                    .compensation(order -> new RestoreCoupon(order.id(), order.userCouponId()))
                    .succeedsWith(CouponApplied.class, reply -> new StepResult.Discounted(reply.discountAmount()))
                    .failsWith(CouponRejected.class, reply -> FailureReasons.ofCoupon(reply.reason()))
                    .undoneWith(CouponRestored.class)
                    .build(),
            SagaStepDefinition.participant("balance", "deduct_balance", "refund_balance")
                    .command(order -> new DeductBalance(order.id(), order.userId(), order.payableAmount()))
                    .compensation(order -> new RefundBalance(order.id(), order.userId()))
                    .succeedsWith(BalanceDeducted.class, reply -> new StepResult.Paid(reply.amount(), reply.paymentRef()))
                    .failsWith(BalanceDeductionFailed.class, reply -> FailureReasons.ofBalance(reply.reason()))
                    .undoneWith(BalanceRefunded.class)
                    .build()));

    private CreateOrderSaga() {
    }

    private static List<OrderLine> lines(Order order) {
        return order.lines().stream().map(line -> new OrderLine(line.variantId(), line.quantity())).toList();
    }
}
