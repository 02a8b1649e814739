package dev.flashsale.contracts;

import dev.flashsale.contracts.events.OrderCancelled;
import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.contracts.events.UserRegistered;
import dev.flashsale.contracts.saga.BalanceDeducted;
import dev.flashsale.contracts.saga.BalanceDeductionFailed;
import dev.flashsale.contracts.saga.BalanceRefunded;
import dev.flashsale.contracts.saga.CouponApplied;
import dev.flashsale.contracts.saga.CouponRejected;
import dev.flashsale.contracts.saga.CouponRestored;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.StockReleased;
import dev.flashsale.contracts.saga.StockReservationFailed;
import dev.flashsale.contracts.saga.StockReserved;
import dev.flashsale.contracts.saga.UseCoupon;

import java.util.List;

/** Every message type of the system, for documentation and for the checks that keep them consistent. */
public final class Messages {

    public static final List<Class<? extends Message>> ALL = List.of(
            UserRegistered.class, OrderCompleted.class, OrderCancelled.class,
            ReserveStock.class, ReleaseStock.class,
            UseCoupon.class, RestoreCoupon.class,
            DeductBalance.class, RefundBalance.class,
            StockReserved.class, StockReservationFailed.class, StockReleased.class,
            CouponApplied.class, CouponRejected.class, CouponRestored.class,
            BalanceDeducted.class, BalanceDeductionFailed.class, BalanceRefunded.class);

    private Messages() {
    }
}
