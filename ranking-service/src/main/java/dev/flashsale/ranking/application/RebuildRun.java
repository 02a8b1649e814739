package dev.flashsale.ranking.application;

import dev.flashsale.ranking.domain.DayRange;

/**
 * A rebuild of the daily rows of {@code days} from the sales log.
 *
 * @param dailyRows the rows written
 * @param checkpoint the checkpoint the recount stopped at: later sales are the next aggregation's
 */
public record RebuildRun(DayRange days, int dailyRows, long checkpoint) {
}
