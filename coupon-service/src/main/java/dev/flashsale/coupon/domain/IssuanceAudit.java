package dev.flashsale.coupon.domain;

/**
 * What the database says about one coupon's issuance, for the load-test checker and operators.
 *
 * @param issued        the coupon's counter
 * @param issuedRows    user coupons that exist for it
 * @param distinctUsers distinct users among them
 * @param used          how many of them are USED
 */
public record IssuanceAudit(long couponId, long totalQuantity, long issued, long issuedRows, long distinctUsers,
                            long used) {

    public long remaining() {
        return totalQuantity - issued;
    }

    /** The promises hold: the counter matches the rows, none beyond the total, one per user. */
    public boolean consistent() {
        return issued == issuedRows && issuedRows == distinctUsers && issued <= totalQuantity && issued >= 0;
    }
}
