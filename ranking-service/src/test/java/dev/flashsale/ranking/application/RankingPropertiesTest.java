package dev.flashsale.ranking.application;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.scheduling.support.CronExpression;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RankingPropertiesTest {

    private final RankingProperties defaults = Binder.get(new StandardEnvironment())
            .bindOrCreate("flashsale.ranking", RankingProperties.class);

    @Test
    void countsDaysInSeoulByDefault() {
        assertThat(defaults.zone()).isEqualTo(ZoneId.of("Asia/Seoul"));
        assertThat(defaults.popular().maxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.popular().recheck()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aggregatesOnceAtEveryFullHourAndTheMidnightRunIsTheDailyClose() {
        ZonedDateTime start = ZonedDateTime.of(2026, 11, 21, 22, 30, 0, 0, defaults.zone());
        ZonedDateTime end = start.plusDays(2);

        List<ZonedDateTime> hourly = runsBetween(defaults.aggregation().hourlyCron(), start, end);
        List<ZonedDateTime> dailyClose = runsBetween(defaults.aggregation().dailyCloseCron(), start, end);

        assertThat(dailyClose).containsExactly(
                ZonedDateTime.of(2026, 11, 22, 0, 0, 0, 0, defaults.zone()),
                ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0, defaults.zone()));
        assertThat(hourly).hasSize(48 - 2).doesNotContainAnyElementsOf(dailyClose)
                .allMatch(run -> run.getMinute() == 0 && run.getSecond() == 0);
    }

    private static List<ZonedDateTime> runsBetween(String cron, ZonedDateTime start, ZonedDateTime end) {
        CronExpression expression = CronExpression.parse(cron);
        List<ZonedDateTime> runs = new ArrayList<>();
        for (ZonedDateTime run = expression.next(start); run.isBefore(end); run = expression.next(run)) {
            runs.add(run);
        }
        return runs;
    }
}
