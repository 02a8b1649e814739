package dev.flashsale.coupon.web;

import dev.flashsale.coupon.application.CouponDefinitions;
import dev.flashsale.coupon.domain.Coupon;
import dev.flashsale.coupon.domain.DiscountPolicy;
import dev.flashsale.coupon.domain.IssueWindow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;

/** Defining coupons, and checking a coupon's issuance after a sale. The gateway lets only admins in. */
@RestController
@RequestMapping("/api/v1/admin/coupons")
public class CouponAdminController {

    private final CouponDefinitions definitions;
    private final Clock clock;

    public CouponAdminController(CouponDefinitions definitions, Clock clock) {
        this.definitions = definitions;
        this.clock = clock;
    }

    @PostMapping
    public ResponseEntity<CouponResponse> define(@Valid @RequestBody CreateCouponRequest request) {
        DiscountPolicy policy = new DiscountPolicy(request.discountType(), request.discountValue(),
                request.maxDiscount(), request.minOrderAmount() == null ? 0 : request.minOrderAmount());
        IssueWindow window = new IssueWindow(request.issueStartsAt().toInstant(), request.issueEndsAt().toInstant());
        Coupon coupon = definitions.define(request.name(), policy, request.totalQuantity(), window, request.validDays());
        return ResponseEntity.created(URI.create("/api/v1/coupons/" + coupon.id()))
                .body(CouponResponse.of(coupon, clock.getZone()));
    }

    /** For the load-test checker: do the counter, the issued rows and the users agree? */
    @GetMapping("/{couponId}/audit")
    public AuditResponse audit(@PathVariable @Positive long couponId) {
        return AuditResponse.of(definitions.audit(couponId));
    }
}
