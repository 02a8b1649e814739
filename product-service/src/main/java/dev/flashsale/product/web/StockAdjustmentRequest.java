package dev.flashsale.product.web;

import jakarta.validation.constraints.NotNull;

/** {@code PATCH /api/v1/admin/variants/{variantId}/stock}: units to add (positive) or take away (negative). */
public record StockAdjustmentRequest(@NotNull Integer delta) {
}
