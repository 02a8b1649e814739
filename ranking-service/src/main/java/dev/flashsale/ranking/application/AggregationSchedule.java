package dev.flashsale.ranking.application;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

import java.time.ZoneId;

/**
 * Runs the aggregation every hour and closes each day at midnight, in the shop's time zone. Several
 * instances may all run it: the checkpoint's lock makes the later runs find nothing left to count.
 */
@Configuration
@EnableScheduling
class AggregationSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AggregationSchedule.class);

    private final SalesAggregation aggregation;
    private final RankingProperties properties;

    AggregationSchedule(SalesAggregation aggregation, RankingProperties properties) {
        this.aggregation = aggregation;
        this.properties = properties;
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
            aggregation.run(trigger);
        } catch (RuntimeException e) {
            log.error("The {} aggregation failed and changed nothing; the next run counts what it would have", trigger, e);
        }
    }
}
