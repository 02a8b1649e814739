package dev.flashsale.coupon.web;

/**
 * {@code {"userId": 7}}. The user id must be given and positive; {@link CouponController#issue} checks it by hand
 * (the stampede's endpoint spares itself Bean Validation).
 */
public record IssueRequest(Long userId) {
}
