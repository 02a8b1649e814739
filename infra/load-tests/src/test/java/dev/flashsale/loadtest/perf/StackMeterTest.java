package dev.flashsale.loadtest.perf;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StackMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void splitsTheMachinesCpuIntoTheStackTheDriverAndEverythingElse() {
        StackMeter.Sample from = new StackMeter.Sample(0, Map.of("order-service", 1_000L, "postgres", 500L), 300, 10_000);
        StackMeter.Sample to = new StackMeter.Sample(10 * SECOND, Map.of("order-service", 1_600L, "postgres", 900L), 400, 11_700);

        StackMeter.Use use = StackMeter.Use.between(from, to);

        assertThat(use.seconds()).isEqualTo(10.0);
        assertThat(use.parts()).containsEntry("order-service", 6.0).containsEntry("postgres", 4.0);
        assertThat(use.stack()).isEqualTo(10.0);
        assertThat(use.driver()).isEqualTo(1.0);
        assertThat(use.others()).isCloseTo(6.0, within(1e-9));
        assertThat(use.cores(use.stack())).isEqualTo(1.0);
        assertThat(use.perUnit(100, "order")).startsWith("100.0 ms per order: order-service 60.0, postgres 40.0; driver 10.0");
    }

    @Test
    void namesTheBusiestThreadGroupsPerUnitOfWork() {
        StackMeter.Sample from = new StackMeter.Sample(0, Map.of("kafka", 0L),
                Map.of("kafka: C2 CompilerThre", 100L, "kafka: data-plane-kafk", 100L, "order-service: org.springframe", 0L),
                0, 0);
        StackMeter.Sample to = new StackMeter.Sample(SECOND, Map.of("kafka", 0L),
                Map.of("kafka: C2 CompilerThre", 850L, "kafka: data-plane-kafk", 550L, "order-service: org.springframe", 470L,
                        "order-service: pool-9-thread", 900L),
                0, 0);

        // A thread group born after the first sample counts nothing: its ticks before the window are unknown.
        assertThat(StackMeter.Use.between(from, to).threadsPerUnit(100, "order", 2))
                .isEqualTo("ms per order, the 2 busiest: kafka: C2 CompilerThre 75.0, order-service: org.springframe 47.0");
    }

    @Test
    void countsNothingForAPartThatWasNotThereAtTheStart() {
        StackMeter.Sample from = new StackMeter.Sample(0, Map.of(), 0, 0);
        StackMeter.Sample to = new StackMeter.Sample(SECOND, Map.of("kafka", 5_000L), 0, 5_000);

        assertThat(StackMeter.Use.between(from, to).stack()).isZero();
    }
}
