package dev.flashsale.ranking.application;

/** What started an aggregation run. */
public enum AggregationTrigger {
    /** The hourly schedule (flow 7 of docs/flows.md). */
    HOURLY,
    /** The close of a day at 00:00 (the second set of docs/flows.md). */
    DAILY_CLOSE,
    /** {@code POST /api/v1/admin/ranking/aggregate}. */
    ADMIN
}
