package dev.flashsale.order.application;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.RetryLaterException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderAdmissionTest {

    private final AtomicLong open = new AtomicLong();
    private final AtomicLong counts = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OrderAdmission admission = new OrderAdmission(() -> {
        counts.incrementAndGet();
        return open.get();
    }, now::get, new OrderSettings.Admission(3, Duration.ofMillis(100), Duration.ofMillis(1500)), registry);

    @Test
    void acceptsUntilTheOpenSagasAndThoseItAcceptedSinceTheCountReachTheBound() {
        open.set(1);
        admission.admit();
        admission.admit();

        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(RetryLaterException.class, refusal -> {
            assertThat(refusal.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMillis(1500));
            assertThat(refusal.detail()).contains("3 of at most 3");
        });
        assertThat(counts.get()).as("counted once within the interval").isOne();
        assertThat(registry.get("order.admission.refused").counter().count()).isEqualTo(1);
    }

    @Test
    void countsAgainAfterTheIntervalAndAcceptsOnceSagasHaveEnded() {
        open.set(3);
        assertThatThrownBy(admission::admit).isInstanceOf(RetryLaterException.class);

        open.set(2);
        now.addAndGet(Duration.ofMillis(99).toNanos());
        assertThatThrownBy(admission::admit).as("not counted again yet").isInstanceOf(RetryLaterException.class);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        admission.admit();
        assertThat(counts.get()).isEqualTo(2);
        assertThatThrownBy(admission::admit).as("the one it accepted counts until the next count")
                .isInstanceOf(RetryLaterException.class);
    }

    @Test
    void whatItAcceptedBeforeACountIsNotAddedTwice() {
        open.set(0);
        admission.admit();
        admission.admit();
        open.set(2); // the two are committed and counted now
        now.addAndGet(Duration.ofMillis(100).toNanos());

        admission.admit();
        assertThatThrownBy(admission::admit).isInstanceOf(RetryLaterException.class);
    }
}
