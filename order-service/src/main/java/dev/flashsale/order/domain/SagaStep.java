package dev.flashsale.order.domain;

import dev.flashsale.contracts.saga.ConfirmStock;
import dev.flashsale.contracts.saga.DeductBalance;
import dev.flashsale.contracts.saga.RefundBalance;
import dev.flashsale.contracts.saga.ReleaseStock;
import dev.flashsale.contracts.saga.ReserveStock;
import dev.flashsale.contracts.saga.RestoreCoupon;
import dev.flashsale.contracts.saga.SagaMessage;
import dev.flashsale.contracts.saga.UseCoupon;

/** A step the saga waits on, and the command that asks for it (sent again as is on a retry or redrive). */
public enum SagaStep {
    RESERVE_STOCK {
        @Override
        SagaMessage command(Order order) {
            return new ReserveStock(order.id(), order.lines());
        }
    },
    USE_COUPON {
        @Override
        SagaMessage command(Order order) {
            return new UseCoupon(order.id(), order.userCouponId(), order.userId(), order.totalAmountOrNull());
        }
    },
    DEDUCT_BALANCE {
        @Override
        SagaMessage command(Order order) {
            return new DeductBalance(order.id(), order.userId(), order.payableAmount());
        }
    },
    CONFIRM_STOCK {
        @Override
        SagaMessage command(Order order) {
            return new ConfirmStock(order.id());
        }
    },
    REFUND_BALANCE {
        @Override
        SagaMessage command(Order order) {
            return new RefundBalance(order.id(), order.userId());
        }
    },
    RESTORE_COUPON {
        @Override
        SagaMessage command(Order order) {
            return new RestoreCoupon(order.id(), order.userCouponId());
        }
    },
    RELEASE_STOCK {
        @Override
        SagaMessage command(Order order) {
            return new ReleaseStock(order.id());
        }
    };

    abstract SagaMessage command(Order order);

    /** The step name as a metric tag: {@code reserve_stock}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
