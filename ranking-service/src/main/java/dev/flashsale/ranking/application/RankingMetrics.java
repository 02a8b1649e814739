package dev.flashsale.ranking.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ranking's meters:
 * <ul>
 *   <li>{@code ranking.sales.orders} (outcome {@code recorded} or {@code duplicate}): OrderCompleted
 *       events consumed; a duplicate is an order already in the sales log under another event id;</li>
 *   <li>{@code ranking.aggregation.runs} (trigger, outcome): batch runs;</li>
 *   <li>{@code ranking.aggregation.lines}: sales-log rows added to the daily sales;</li>
 *   <li>{@code ranking.aggregation.duration} (trigger): how long a run's transaction took;</li>
 *   <li>{@code ranking.aggregation.checkpoint.age}: seconds since the checkpoint last moved, so how old
 *       the newest sale counted in the ranking can be; alert when it passes the hourly period;</li>
 *   <li>{@code ranking.aggregation.held.back}: how long the oldest transaction of this database that the
 *       last run had to stop before had been open, in seconds (0 when none): sales past it wait for it to end.</li>
 * </ul>
 */
@Component
public class RankingMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<Instant> checkpointMovedAt = new AtomicReference<>();
    private final AtomicReference<Duration> heldBack = new AtomicReference<>(Duration.ZERO);

    public RankingMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("ranking.aggregation.checkpoint.age", this, RankingMetrics::checkpointAgeSeconds)
                .description("Seconds since the aggregation checkpoint last moved")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("ranking.aggregation.held.back", heldBack, held -> held.get().toMillis() / 1000.0)
                .description("How long the oldest open transaction of the ranking's database that held the last aggregation back had been open")
                .baseUnit("seconds")
                .register(registry);
    }

    void orderRecorded() {
        orders("recorded");
    }

    void duplicateOrder() {
        orders("duplicate");
    }

    void aggregated(AggregationRun run) {
        runs(run.trigger(), "success", run.took());
        Counter.builder("ranking.aggregation.lines").description("Sales-log rows added to the daily sales")
                .register(registry).increment(run.salesLines());
    }

    void aggregationFailed(AggregationTrigger trigger, Duration took) {
        runs(trigger, "failure", took);
    }

    void heldBack(Duration openFor) {
        heldBack.set(openFor);
    }

    void checkpointMovedAt(Instant movedAt) {
        checkpointMovedAt.set(movedAt);
    }

    private double checkpointAgeSeconds() {
        Instant movedAt = checkpointMovedAt.get();
        return movedAt == null ? Double.NaN : Duration.between(movedAt, clock.instant()).toMillis() / 1000.0;
    }

    private void orders(String outcome) {
        Counter.builder("ranking.sales.orders").description("OrderCompleted events consumed")
                .tag("outcome", outcome).register(registry).increment();
    }

    private void runs(AggregationTrigger trigger, String outcome, Duration took) {
        String triggerTag = trigger.name().toLowerCase(Locale.ROOT);
        Counter.builder("ranking.aggregation.runs").description("Aggregation batch runs")
                .tag("trigger", triggerTag).tag("outcome", outcome).register(registry).increment();
        Timer.builder("ranking.aggregation.duration").description("How long an aggregation run took")
                .tag("trigger", triggerTag).register(registry).record(took);
    }
}
