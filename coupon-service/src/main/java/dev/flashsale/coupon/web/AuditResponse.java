package dev.flashsale.coupon.web;

import dev.flashsale.coupon.domain.IssuanceAudit;

/**
 * A coupon's issuance as the database holds it. {@code consistent} is true when the counter equals the
 * issued rows, every row belongs to a different user and none is beyond the total.
 */
public record AuditResponse(long couponId, long totalQuantity, long issued, long issuedRows, long distinctUsers,
                            long used, long remaining, boolean consistent) {

    static AuditResponse of(IssuanceAudit audit) {
        return new AuditResponse(audit.couponId(), audit.totalQuantity(), audit.issued(), audit.issuedRows(),
                audit.distinctUsers(), audit.used(), audit.remaining(), audit.consistent());
    }
}
