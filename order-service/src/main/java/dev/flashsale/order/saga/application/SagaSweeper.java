package dev.flashsale.order.saga.application;

import dev.flashsale.messaging.scheduling.OncePerTick;
import dev.flashsale.order.saga.persistence.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Finds sagas with a command past its deadline and lets each one time out, in a transaction of its own. Every
 * replica schedules it and one per {@code sweep-interval} runs it ({@link OncePerTick}); two sweeps that met all the
 * same (a sweep longer than its interval) would be harmless: a saga's move locks its row, and a saga another sweep
 * moved meanwhile has no overdue deadline any more, so its move changes nothing.
 */
@Component
public class SagaSweeper {

    private static final Logger log = LoggerFactory.getLogger(SagaSweeper.class);

    private final SagaStore sagas;
    private final SagaOrchestrator orchestrator;
    private final Clock clock;
    private final OncePerTick ticks;
    private final SagaSettings settings;

    public SagaSweeper(SagaStore sagas, SagaOrchestrator orchestrator, Clock clock, OncePerTick ticks,
                       SagaSettings settings) {
        this.sagas = sagas;
        this.orchestrator = orchestrator;
        this.clock = clock;
        this.ticks = ticks;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${flashsale.order.saga.sweep-interval:1s}")
    void scheduled() {
        ticks.run("order.saga-sweeper", settings.sweepInterval(), this::sweep);
    }

    /** One sweep, now, on this replica. @return how many overdue sagas were moved */
    public int sweep() {
        List<Long> overdue = sagas.overdue(clock.instant(), settings.sweepBatch());
        int moved = 0;
        for (long orderId : overdue) {
            try {
                orchestrator.expire(orderId);
                moved++;
            } catch (RuntimeException e) {
                log.warn("saga of order {} could not be swept; the next sweep looks again", orderId, e);
            }
        }
        return moved;
    }
}
