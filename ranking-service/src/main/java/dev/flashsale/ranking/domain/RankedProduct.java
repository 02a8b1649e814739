package dev.flashsale.ranking.domain;

/** A product's place in the ranking: rank 1 sold the most. */
public record RankedProduct(int rank, long productId, long soldQuantity) {
}
