package dev.flashsale.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyRecorderTest {

    @Test
    void percentilesOfOneToAThousandMillisecondsAreTheNearestRanksWithinOneThousandth() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int millis = 1000; millis >= 1; millis--) {
            recorder.recordMillis(millis);
        }

        LatencyRecorder.Summary summary = recorder.summary();
        assertThat(summary.count()).isEqualTo(1000);
        assertThat(millis(summary.p50())).isCloseTo(500, within(0.5));
        assertThat(millis(summary.p95())).isCloseTo(950, within(0.95));
        assertThat(millis(summary.p99())).isCloseTo(990, within(0.99));
        assertThat(millis(summary.max())).isCloseTo(1000, within(1.0));
        assertThat(millis(summary.mean())).isCloseTo(500.5, within(0.5));
    }

    @Test
    void theMedianOfFourValuesIsTheSecondAsGatlingCountsIt() {
        LatencyRecorder recorder = new LatencyRecorder();
        IntStream.of(4, 1, 3, 2).forEach(recorder::recordMillis);

        assertThat(recorder.percentile(50)).isEqualTo(Duration.ofMillis(2));
        assertThat(recorder.percentile(75)).isEqualTo(Duration.ofMillis(3));
        assertThat(recorder.percentile(100)).isEqualTo(Duration.ofMillis(4));
    }

    @Test
    void keepsSubMillisecondLatenciesAndHoursAlike() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(Duration.ofNanos(250_000));
        recorder.record(Duration.ofHours(2));

        assertThat(recorder.percentile(50)).isEqualTo(Duration.ofNanos(250_000));
        assertThat(millis(recorder.max())).isCloseTo(Duration.ofHours(2).toMillis(), within(Duration.ofHours(2).toMillis() / 1000.0));
    }

    @Test
    void countsEveryValueRecordedByManyThreadsAtOnce() {
        LatencyRecorder recorder = new LatencyRecorder();

        Concurrently.run(8, 8, thread -> {
            for (int i = 1; i <= 10_000; i++) {
                recorder.recordMillis(i % 100 + 1);
            }
            return null;
        });

        assertThat(recorder.count()).isEqualTo(80_000);
        assertThat(millis(recorder.max())).isCloseTo(100, within(0.1));
    }

    @Test
    void answersZeroForEveryFigureWhenNothingWasRecorded() {
        LatencyRecorder.Summary summary = new LatencyRecorder().summary();

        assertThat(summary.count()).isZero();
        assertThat(summary.p50()).isZero();
        assertThat(summary.p99()).isZero();
        assertThat(summary.max()).isZero();
        assertThat(summary.mean()).isZero();
    }

    @Test
    void timesAnOperationThatThrowsToo() {
        LatencyRecorder recorder = new LatencyRecorder();

        assertThatThrownBy(() -> recorder.time(() -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");

        assertThat(recorder.count()).isEqualTo(1);
    }

    @Test
    void startsAgainFromNothingAfterAReset() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordMillis(5_000);
        recorder.reset();
        recorder.recordMillis(7);

        assertThat(recorder.count()).isEqualTo(1);
        assertThat(recorder.max()).isEqualTo(Duration.ofMillis(7));
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
