package dev.flashsale.order.domain;

/** What the customer asked for on one line: a variant and how many. */
public record OrderLine(long variantId, int quantity) {
}
