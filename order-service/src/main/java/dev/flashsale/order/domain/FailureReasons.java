package dev.flashsale.order.domain;

import dev.flashsale.contracts.ErrorCode;

import java.util.Set;

/**
 * Maps a participant's rejection onto the order's public {@code failureReason}. The contract allows
 * seven reasons; a participant that answers with anything else (a newer code, a bug) still yields one
 * of them, chosen by the step that failed.
 */
public final class FailureReasons {

    private static final Set<ErrorCode> STOCK = Set.of(ErrorCode.OUT_OF_STOCK, ErrorCode.PRODUCT_NOT_FOUND);
    private static final Set<ErrorCode> COUPON = Set.of(ErrorCode.COUPON_NOT_USABLE, ErrorCode.COUPON_EXPIRED);
    private static final Set<ErrorCode> BALANCE = Set.of(ErrorCode.INSUFFICIENT_BALANCE, ErrorCode.USER_NOT_FOUND);

    private FailureReasons() {
    }

    /** OUT_OF_STOCK and PRODUCT_NOT_FOUND stand; anything else is OUT_OF_STOCK. */
    public static ErrorCode ofStock(ErrorCode reason) {
        return STOCK.contains(reason) ? reason : ErrorCode.OUT_OF_STOCK;
    }

    /** COUPON_NOT_USABLE and COUPON_EXPIRED stand; COUPON_NOT_FOUND and anything else is COUPON_NOT_USABLE. */
    public static ErrorCode ofCoupon(ErrorCode reason) {
        return COUPON.contains(reason) ? reason : ErrorCode.COUPON_NOT_USABLE;
    }

    /** INSUFFICIENT_BALANCE and USER_NOT_FOUND stand; anything else is INSUFFICIENT_BALANCE. */
    public static ErrorCode ofBalance(ErrorCode reason) {
        return BALANCE.contains(reason) ? reason : ErrorCode.INSUFFICIENT_BALANCE;
    }
}
