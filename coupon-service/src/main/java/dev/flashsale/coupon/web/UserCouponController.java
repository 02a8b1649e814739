package dev.flashsale.coupon.web;

import dev.flashsale.coupon.application.UserCoupons;
import dev.flashsale.coupon.domain.UserCouponStatus;
import dev.flashsale.web.PagedResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/** The coupons a user holds. */
@RestController
@RequestMapping("/api/v1/users/{userId}/coupons")
public class UserCouponController {

    private final UserCoupons userCoupons;
    private final Clock clock;

    public UserCouponController(UserCoupons userCoupons, Clock clock) {
        this.userCoupons = userCoupons;
        this.clock = clock;
    }

    /** Newest first; {@code status} filters by the status as of now (an unused coupon past its expiry is EXPIRED). */
    @GetMapping
    public PagedResponse<UserCouponResponse> list(@PathVariable @Positive long userId,
                                                  @RequestParam(required = false) UserCouponStatus status,
                                                  @RequestParam(defaultValue = "0") @Min(0) int page,
                                                  @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Page<UserCouponResponse> found = userCoupons.of(userId, status, page, size)
                .map(held -> UserCouponResponse.of(held, clock.getZone()));
        return PagedResponse.of(found.getContent(), page, size, found.getTotalElements());
    }

    @GetMapping("/{userCouponId}")
    public UserCouponResponse get(@PathVariable @Positive long userId, @PathVariable @Positive long userCouponId) {
        return UserCouponResponse.of(userCoupons.one(userId, userCouponId), clock.getZone());
    }
}
