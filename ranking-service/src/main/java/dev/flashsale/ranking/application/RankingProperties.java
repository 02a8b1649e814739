package dev.flashsale.ranking.application;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Settings of the ranking, under {@code flashsale.ranking}.
 *
 * @param zone where a sale's day begins and ends, and when "today" is
 */
@ConfigurationProperties("flashsale.ranking")
public record RankingProperties(
        @DefaultValue("Asia/Seoul") ZoneId zone,
        @DefaultValue Aggregation aggregation,
        @DefaultValue Popular popular,
        @DefaultValue Rebuild rebuild) {

    /**
     * When the aggregation batch runs, as Spring cron expressions in {@link #zone}; {@code -} turns one off.
     *
     * @param hourlyCron flow 7 of docs/flows.md: every hour (but midnight, which the daily close takes)
     * @param dailyCloseCron the daily aggregation of docs/flows.md (second set): at 00:00:00, closing the day that ended and moving the window
     */
    public record Aggregation(
            @DefaultValue("0 0 1-23 * * *") String hourlyCron,
            @DefaultValue("0 0 0 * * *") String dailyCloseCron) {
    }

    /**
     * @param maxAge how long a computed top 5 is served at most before it is computed again, whatever
     *               the checks below say
     * @param recheck how often a read asks the database whether the daily sales changed since the top 5
     *                was computed (another instance aggregated or rebuilt): one primary-key read per
     *                interval, not per request, and none while nobody reads
     */
    public record Popular(@DefaultValue("1m") Duration maxAge, @DefaultValue("1s") Duration recheck) {
    }

    /** @param maxDays the longest day range one rebuild may recompute, so one request cannot lock the batch for long */
    public record Rebuild(@DefaultValue("366") int maxDays) {
    }
}
