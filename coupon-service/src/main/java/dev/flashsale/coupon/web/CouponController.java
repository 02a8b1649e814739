package dev.flashsale.coupon.web;

import dev.flashsale.coupon.application.CouponDefinitions;
import dev.flashsale.coupon.application.CouponIssuance;
import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.web.Caller;
import dev.flashsale.web.PagedResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;

@RestController
@RequestMapping("/api/v1/coupons")
public class CouponController {

    private final CouponDefinitions definitions;
    private final CouponIssuance issuance;
    private final Clock clock;

    public CouponController(CouponDefinitions definitions, CouponIssuance issuance, Clock clock) {
        this.definitions = definitions;
        this.issuance = issuance;
        this.clock = clock;
    }

    @GetMapping
    public PagedResponse<CouponResponse> list(@RequestParam(defaultValue = "0") @Min(0) int page,
                                              @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Page<CouponResponse> found = definitions.list(page, size).map(coupon -> CouponResponse.of(coupon, clock.getZone()));
        return PagedResponse.of(found.getContent(), page, size, found.getTotalElements());
    }

    @GetMapping("/{couponId}")
    public CouponResponse get(@PathVariable @Positive long couponId) {
        return CouponResponse.of(definitions.find(couponId), clock.getZone());
    }

    /**
     * Issues the coupon to the user, who must be the caller (or the caller an admin); answers once the batch that
     * decided the request has committed.
     */
    @PostMapping("/{couponId}/issue")
    public ResponseEntity<IssuedCouponResponse> issue(@PathVariable @Positive long couponId,
                                                      @Valid @RequestBody IssueRequest request, Caller caller) {
        caller.mustActFor(request.userId());
        IssuedCoupon coupon = issuance.issueAndWait(couponId, request.userId());
        return ResponseEntity.created(URI.create("/api/v1/users/" + coupon.userId() + "/coupons/" + coupon.userCouponId()))
                .body(IssuedCouponResponse.of(coupon, clock.getZone()));
    }
}
