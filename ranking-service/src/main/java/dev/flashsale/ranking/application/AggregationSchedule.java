package dev.flashsale.ranking.application;

import dev.flashsale.messaging.scheduling.OncePerTick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Runs the aggregation every hour and closes each day at midnight, in the shop's time zone. Every replica schedules
 * it and one runs each firing ({@link OncePerTick}, ticks of a minute on the database's clock: replicas whose clocks
 * differ by a little may both run near a minute's edge, never none). Two runs that met all the same would be
 * harmless: the checkpoint's lock makes the later one find nothing left to count.
 */
@Configuration
@EnableScheduling
class AggregationSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AggregationSchedule.class);

    /** A cron fires once an hour at most: a minute's tick tells one firing from the next. */
    private static final Duration TICK = Duration.ofMinutes(1);

    private final SalesAggregation aggregation;
    private final RankingProperties properties;
    private final OncePerTick ticks;

    AggregationSchedule(SalesAggregation aggregation, RankingProperties properties, OncePerTick ticks) {
        this.aggregation = aggregation;
        this.properties = properties;
        this.ticks = ticks;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        schedule(tasks, properties.aggregation().hourlyCron(), AggregationTrigger.HOURLY);
        schedule(tasks, properties.aggregation().dailyCloseCron(), AggregationTrigger.DAILY_CLOSE);
    }

    private void schedule(ScheduledTaskRegistrar tasks, String cron, AggregationTrigger trigger) {
        if (ScheduledTaskRegistrar.CRON_DISABLED.equals(cron)) {
            log.info("The {} aggregation is switched off", trigger);
            return;
        }
        ZoneId zone = properties.zone();
        tasks.addCronTask(new CronTask(() -> run(trigger), new CronTrigger(cron, zone)));
    }

    private void run(AggregationTrigger trigger) {
        try {
            ticks.run("ranking.aggregation." + trigger.name().toLowerCase(Locale.ROOT), TICK, () -> aggregation.run(trigger));
        } catch (RuntimeException e) {
            log.error("The {} aggregation failed and changed nothing; the next run counts what it would have", trigger, e);
        }
    }
}
