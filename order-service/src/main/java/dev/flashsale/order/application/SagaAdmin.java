package dev.flashsale.order.application;

import dev.flashsale.order.domain.OrderSaga;
import dev.flashsale.order.persistence.OrderAudit;
import dev.flashsale.order.persistence.OrderSagaRepository;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** What operators and the load-test checker see of orders and sagas as a whole. */
@Service
public class SagaAdmin {

    private final OrderSagaRepository sagas;
    private final OrderAudit audit;
    private final SagaOrchestrator orchestrator;
    private final Clock clock;

    public SagaAdmin(OrderSagaRepository sagas, OrderAudit audit, SagaOrchestrator orchestrator, Clock clock) {
        this.sagas = sagas;
        this.audit = audit;
        this.orchestrator = orchestrator;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<OrderSaga> sagas(SagaFilter filter, int page, int size) {
        Pageable pageable = PageRequest.of(page, size);
        return switch (filter) {
            case OPEN -> sagas.open(pageable);
            case STUCK -> sagas.stuck(clock.instant(), pageable);
            case FAILED -> sagas.failed(pageable);
        };
    }

    public OrderSaga redrive(long orderId) {
        return orchestrator.redrive(orderId);
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
