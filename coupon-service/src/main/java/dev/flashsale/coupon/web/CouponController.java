package dev.flashsale.coupon.web;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.coupon.application.CouponDefinitions;
import dev.flashsale.coupon.application.CouponIssuance;
import dev.flashsale.coupon.domain.IssuedCoupon;
import dev.flashsale.web.Caller;
import dev.flashsale.web.PagedResponse;
import dev.flashsale.web.Problems;
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
     *
     * <p>This is the stampede's endpoint, so its every answer is built here: a refusal (sold out, already issued...)
     * is returned, not thrown to the exception handlers, and the ids are checked by hand rather than by Bean
     * Validation. Profiled in a stampede, the exception handling and the validation took more than a quarter of the
     * servlet's CPU per request; the answers are the same problem+json.
     */
    @PostMapping("/{couponId}/issue")
    public ResponseEntity<?> issue(@PathVariable long couponId, @RequestBody IssueRequest request, Caller caller) {
        if (couponId <= 0) {
            return Problems.response(ErrorCode.VALIDATION_FAILED, "couponId must be greater than 0");
        }
        if (request.userId() == null || request.userId() <= 0) {
            return Problems.response(ErrorCode.VALIDATION_FAILED, "userId must be given and greater than 0");
        }
        caller.mustActFor(request.userId());
        IssuedCoupon coupon;
        try {
            coupon = issuance.issueAndWait(couponId, request.userId());
        } catch (DomainException refused) {
            return Problems.response(refused.code(), refused.detail());
        }
        return ResponseEntity.created(URI.create("/api/v1/users/" + coupon.userId() + "/coupons/" + coupon.userCouponId()))
                .body(IssuedCouponResponse.of(coupon, clock.getZone()));
    }
}
