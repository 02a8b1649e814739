package dev.flashsale.ranking.domain;

import java.time.Instant;

/**
 * How far the daily sales are aggregated: every sales-log row written by a transaction whose id is
 * below {@code aggregatedBelow} is counted in them, and no other row is.
 *
 * @param movedAt when an aggregation last ran; null before the first
 * @param generation how many times the daily sales were changed (an aggregation or a rebuild, by any instance)
 */
public record Checkpoint(long aggregatedBelow, Instant movedAt, long generation) {
}
