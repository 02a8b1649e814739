package dev.flashsale.order.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.RetryLaterException;
import dev.flashsale.order.saga.persistence.SagaStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Admission in front of the saga: a new order is accepted only while fewer than
 * {@code flashsale.order.admission.max-open-sagas} sagas are running or compensating, across every instance.
 * Otherwise it is refused with {@code 429 RATE_LIMITED} and a {@code Retry-After}, before anything is stored, and
 * the client sends it again (with the same {@code Idempotency-Key}).
 *
 * <p>Why: every open saga has a command waiting in some participant's queue. When a burst puts more sagas in
 * flight than the participants get through within the step timeout, the steps at the back of the queue time out,
 * and their compensations add work to a stack that is already saturated: the share of orders cancelled
 * {@code TIMEOUT} grows with the burst. Bounding what is in flight keeps every queue shorter than its deadline; the
 * orders waiting at the door cost a {@code 429} each and no saga work (docs/services/order-service.md, "Admission").
 *
 * <p>The count is read from the database every {@code recount-interval}, and between two counts this instance
 * adds the orders it accepted itself. Orders accepted meanwhile by other instances, or still committing, are not
 * seen until the next count, so the bound may be passed by what the instances accept within one interval.
 */
@Component
public class OrderAdmission {

    private final LongSupplier openSagas;
    private final LongSupplier nanoTime;
    private final OrderSettings.Admission settings;
    private final long recountNanos;
    private final Counter refused;
    private final ReentrantLock recounting = new ReentrantLock();
    private final AtomicLong acceptedSinceCount = new AtomicLong();
    private volatile long counted;
    private volatile long countedAt;
    private volatile boolean everCounted;

    @Autowired
    public OrderAdmission(SagaStore sagas, OrderSettings settings, MeterRegistry registry) {
        this(sagas::countOpen, System::nanoTime, settings.admission(), registry);
    }

    OrderAdmission(LongSupplier openSagas, LongSupplier nanoTime, OrderSettings.Admission settings, MeterRegistry registry) {
        this.openSagas = openSagas;
        this.nanoTime = nanoTime;
        this.settings = settings;
        this.recountNanos = settings.recountInterval().toNanos();
        this.refused = Counter.builder("order.admission.refused")
                .description("New orders refused with 429 because max-open-sagas sagas were in flight")
                .register(registry);
    }

    /**
     * Takes a place for one new order's saga, or throws {@link RetryLaterException} ({@code RATE_LIMITED}) when
     * none is free. Called for a new order only: a retry of an accepted one is answered without it.
     */
    public void admit() {
        if (isFull()) {
            throw refusal();
        }
        acceptedSinceCount.incrementAndGet();
    }

    /**
     * Whether a new order would be refused now. {@link Orders} asks before it opens a transaction, so that the
     * refusals a burst brings cost no write.
     */
    public boolean isFull() {
        recountIfDue();
        return inFlight() >= settings.maxOpenSagas();
    }

    /** The refusal of a new order while {@link #isFull()}, counted. */
    public RetryLaterException refusal() {
        refused.increment();
        return new RetryLaterException(ErrorCode.RATE_LIMITED, "too many orders are in progress (" + inFlight()
                + " of at most " + settings.maxOpenSagas() + "); send this order again after Retry-After",
                settings.retryAfter());
    }

    private long inFlight() {
        return counted + acceptedSinceCount.get();
    }

    /** One caller counts when the count is due; the others go on with the count they have. */
    private void recountIfDue() {
        if (everCounted && !recountDue()) {
            return;
        }
        if (everCounted) {
            if (!recounting.tryLock()) {
                return;
            }
        } else {
            recounting.lock();
        }
        try {
            if (everCounted && !recountDue()) {
                return;
            }
            long startedAt = nanoTime.getAsLong();
            long accepted = acceptedSinceCount.get();
            // What this instance accepted before the count began is in it once committed; what it accepts while
            // counting is still added afterwards.
            counted = openSagas.getAsLong();
            acceptedSinceCount.addAndGet(-accepted);
            countedAt = startedAt;
            everCounted = true;
        } finally {
            recounting.unlock();
        }
    }

    private boolean recountDue() {
        return nanoTime.getAsLong() - countedAt >= recountNanos;
    }
}
