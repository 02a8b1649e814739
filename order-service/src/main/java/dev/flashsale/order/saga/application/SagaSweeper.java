package dev.flashsale.order.saga.application;

import dev.flashsale.order.saga.persistence.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Finds sagas with a command past its deadline and lets each one time out, in a transaction of its own. Every
 * instance may sweep: a saga's move locks its row, and a saga another sweep moved meanwhile has no overdue
 * deadline any more, so its move changes nothing.
 */
@Component
public class SagaSweeper {

    private static final Logger log = LoggerFactory.getLogger(SagaSweeper.class);

    private final SagaStore sagas;
    private final SagaOrchestrator orchestrator;
    private final Clock clock;
    private final int batch;

    public SagaSweeper(SagaStore sagas, SagaOrchestrator orchestrator, Clock clock,
                       SagaSettings settings) {
        this.sagas = sagas;
        this.orchestrator = orchestrator;
        this.clock = clock;
        this.batch = settings.sweepBatch();
    }

    /** @return how many overdue sagas were moved */
    @Scheduled(fixedDelayString = "${flashsale.order.saga.sweep-interval:1s}")
    public int sweep() {
        List<Long> overdue = sagas.overdue(clock.instant(), batch);
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
