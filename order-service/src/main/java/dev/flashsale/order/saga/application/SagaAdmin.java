package dev.flashsale.order.saga.application;

import dev.flashsale.order.persistence.OrderAudit;
import dev.flashsale.order.saga.domain.OrderSaga;
import dev.flashsale.order.saga.domain.SagaPlan;
import dev.flashsale.order.saga.persistence.SagaStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What operators and the load-test checker see of orders and sagas as a whole. */
@Service
public class SagaAdmin {

    /** A page of sagas and how many match in all. */
    public record Page(List<OrderSaga> sagas, long total) {
    }

    private final SagaStore sagas;
    private final OrderAudit audit;
    private final SagaOrchestrator orchestrator;
    private final Clock clock;

    public SagaAdmin(SagaStore sagas, OrderAudit audit, SagaOrchestrator orchestrator, Clock clock) {
        this.sagas = sagas;
        this.audit = audit;
        this.orchestrator = orchestrator;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page sagas(SagaFilter filter, int page, int size) {
        Instant now = clock.instant();
        return switch (filter) {
            case OPEN -> new Page(sagas.open(page, size), sagas.countOpen());
            case STUCK -> new Page(sagas.stuck(now, page, size), sagas.countStuck(now));
            case FAILED -> new Page(sagas.failed(page, size), sagas.countFailed());
        };
    }

    public OrderSaga redrive(long orderId) {
        return orchestrator.redrive(orderId);
    }

    /** The participants in the order they act, so an operator reads a saga's progress in that order. */
    public SagaPlan plan() {
        return orchestrator.plan();
    }

    @Transactional(readOnly = true)
    public OrderAudit.Figures audit(Duration pendingOlderThan) {
        return audit.figures(clock.instant().minus(pendingOlderThan));
    }

    @Transactional(readOnly = true)
    public List<Long> completedOrderIds(int page, int size) {
        return audit.completedOrderIds(page, size);
    }
}
