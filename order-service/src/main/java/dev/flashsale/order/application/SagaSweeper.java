package dev.flashsale.order.application;

import dev.flashsale.order.persistence.OrderSagaRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Finds sagas whose awaited step is past its deadline and lets each one time out, in a transaction of
 * its own. Every instance sweeps; two that pick the same saga meet on its version and one backs off.
 */
@Component
public class SagaSweeper {

    private static final Logger log = LoggerFactory.getLogger(SagaSweeper.class);

    private final OrderSagaRepository sagas;
    private final SagaOrchestrator orchestrator;
    private final Clock clock;
    private final int batch;

    public SagaSweeper(OrderSagaRepository sagas, SagaOrchestrator orchestrator, Clock clock, OrderSettings settings) {
        this.sagas = sagas;
        this.orchestrator = orchestrator;
        this.clock = clock;
        this.batch = settings.saga().sweepBatch();
    }

    /** @return how many overdue sagas were moved */
    @Scheduled(fixedDelayString = "${flashsale.order.saga.sweep-interval:1s}")
    public int sweep() {
        List<Long> overdue = sagas.overdue(clock.instant(), Limit.of(batch));
        int moved = 0;
        for (long orderId : overdue) {
            try {
                orchestrator.expire(orderId);
                moved++;
            } catch (OptimisticLockingFailureException e) {
                log.debug("saga of order {} moved while it was swept; the next sweep looks again", orderId);
            } catch (RuntimeException e) {
                log.warn("saga of order {} could not be swept", orderId, e);
            }
        }
        return moved;
    }
}
