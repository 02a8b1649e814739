package dev.flashsale.coupon.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

public record IssueRequest(@NotNull @Positive Long userId) {
}
