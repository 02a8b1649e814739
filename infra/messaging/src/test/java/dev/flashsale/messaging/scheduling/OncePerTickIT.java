package dev.flashsale.messaging.scheduling;

import com.zaxxer.hikari.HikariDataSource;
import dev.flashsale.embedded.EmbeddedPostgresServer;
import dev.flashsale.messaging.autoconfigure.MessagingSchema;
import dev.flashsale.testkit.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Three replicas (each with its own pool) firing the same job as fast as they can: one run per tick. */
class OncePerTickIT {

    private static final Duration TICK = Duration.ofMillis(500);

    @Test
    void threeReplicasFiringAJobConstantlyRunItOncePerTick() throws Exception {
        String url = SharedInfrastructure.newDatabase("once_per_tick");
        List<HikariDataSource> pools = new ArrayList<>();
        List<OncePerTick> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(url);
            pool.setUsername(EmbeddedPostgresServer.USER);
            pool.setMaximumPoolSize(2);
            pools.add(pool);
            replicas.add(new OncePerTick(new JdbcTemplate(pool), new DataSourceTransactionManager(pool)));
        }
        new MessagingSchema(pools.get(0)).afterPropertiesSet();
        AtomicInteger runs = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            long until = System.nanoTime() + Duration.ofMillis(2_600).toNanos();
            List<Future<?>> firing = new ArrayList<>();
            for (OncePerTick replica : replicas) {
                firing.add(threads.submit(() -> {
                    while (System.nanoTime() < until) {
                        replica.run("test.job", TICK, runs::incrementAndGet);
                        replica.run("test.other-job", TICK, () -> { });
                    }
                }));
            }
            for (Future<?> future : firing) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        JdbcTemplate jdbc = new JdbcTemplate(pools.get(0));
        Integer ticks = jdbc.queryForObject("SELECT count(*) FROM messaging.scheduled_tick WHERE job = 'test.job'", Integer.class);
        // 2.6 s of 500 ms ticks: 6 or 7 ticks, each run by exactly one replica.
        assertThat(runs.get()).isEqualTo(ticks).isBetween(5, 7);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messaging.scheduled_tick WHERE job = 'test.other-job'", Integer.class))
                .as("another job's ticks are its own").isBetween(5, 7);
        assertThat(replicas.get(0).forget(Duration.ZERO)).isGreaterThanOrEqualTo(10);
        pools.forEach(HikariDataSource::close);
    }
}
