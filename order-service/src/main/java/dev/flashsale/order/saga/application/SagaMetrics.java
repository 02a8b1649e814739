package dev.flashsale.order.saga.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.persistence.OrderAudit;
import dev.flashsale.order.saga.domain.SagaState;
import dev.flashsale.order.saga.domain.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The saga's meters, under {@code order.saga.*}:
 * <ul>
 *   <li>{@code order.saga.started}; {@code order.saga.ended} (outcome = completed, cancelled, failed; reason);</li>
 *   <li>{@code order.saga.duration} (outcome): from the order's submit to the saga's end;</li>
 *   <li>{@code order.saga.step.latency} (step): from a command to the reply it waited for;</li>
 *   <li>{@code order.saga.step.timeouts} and {@code order.saga.step.resent} (step);
 *       {@code order.saga.late.replies}: successes that came after their step was given up, compensated;</li>
 *   <li>gauges {@code order.saga.open} and {@code order.saga.failed} (each FAILED saga's order NEEDS_ATTENTION),
 *       counted in the database, so every instance reports the same figure.</li>
 * </ul>
 */
@Component
public class SagaMetrics {

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter lateReplies;

    public SagaMetrics(MeterRegistry registry, OrderAudit audit) {
        this.registry = registry;
        this.started = Counter.builder("order.saga.started").description("Order sagas started").register(registry);
        this.lateReplies = Counter.builder("order.saga.late.replies")
                .description("Success replies that came after the saga gave their step up, and were compensated")
                .register(registry);
        Gauge.builder("order.saga.open", audit, OrderAudit::openSagas)
                .description("Sagas still running or compensating").register(registry);
        Gauge.builder("order.saga.failed", audit, OrderAudit::failedSagas)
                .description("Sagas that gave up re-sending a compensation; their orders need attention")
                .register(registry);
    }

    void started() {
        started.increment();
    }

    void record(Transition transition, ErrorCode failureReason, Instant startedAt, Instant now) {
        transition.answered().forEach(answered -> stepLatency(answered.step(), answered.after()));
        transition.timedOut().forEach(step -> count("order.saga.step.timeouts", "Steps that got no answer in time", step));
        transition.resent().forEach(step -> count("order.saga.step.resent", "Commands sent again", step));
        if (transition.compensatedLateReply()) {
            lateReplies.increment();
        }
        transition.ended().ifPresent(end -> ended(end, failureReason, Duration.between(startedAt, now)));
    }

    private void stepLatency(String step, Duration latency) {
        Timer.builder("order.saga.step.latency").description("From a saga command to the reply it waited for")
                .tag("step", step).publishPercentileHistogram().register(registry)
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private void ended(SagaState end, ErrorCode failureReason, Duration duration) {
        String outcome = end.name().toLowerCase(Locale.ROOT);
        String reason = end == SagaState.COMPLETED || failureReason == null ? "none" : failureReason.name();
        Counter.builder("order.saga.ended").description("Order sagas that ended, by outcome and failure reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry).increment();
        Timer.builder("order.saga.duration").description("From an order's submit to the end of its saga")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry)
                .record(duration.isNegative() ? Duration.ZERO : duration);
    }

    private void count(String name, String description, String step) {
        Counter.builder(name).description(description).tag("step", step).register(registry).increment();
    }
}
