package dev.flashsale.ranking.application;

/** What started an aggregation run. */
public enum AggregationTrigger {
    /** The hourly schedule (seed 000 flow 7). */
    HOURLY,
    /** The close of a day at 00:00 (seed 001). */
    DAILY_CLOSE,
    /** {@code POST /api/v1/admin/ranking/aggregate}. */
    ADMIN
}
