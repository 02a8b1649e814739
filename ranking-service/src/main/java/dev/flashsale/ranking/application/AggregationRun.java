package dev.flashsale.ranking.application;

import java.time.Duration;
import java.time.Instant;

/**
 * What one aggregation did: it counted the sales-log rows of transactions in
 * [{@code fromCheckpoint}, {@code toCheckpoint}).
 *
 * @param salesLines sales-log rows added to the daily sales
 * @param dailyRows daily rows inserted or updated
 */
public record AggregationRun(AggregationTrigger trigger, long fromCheckpoint, long toCheckpoint,
                             long salesLines, int dailyRows, Instant ranAt, Duration took) {

    AggregationRun took(Duration duration) {
        return new AggregationRun(trigger, fromCheckpoint, toCheckpoint, salesLines, dailyRows, ranAt, duration);
    }
}
