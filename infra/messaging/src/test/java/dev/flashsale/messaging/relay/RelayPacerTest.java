package dev.flashsale.messaging.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How long the relay's streaming thread waits between looks: doubling after empty looks, from the start again after records or a commit. */
class RelayPacerTest {

    private static final Duration BUSY = Duration.ofMillis(1);
    private static final Duration LONGEST_BUSY = Duration.ofMillis(16);
    private static final Duration IDLE = Duration.ofMillis(500);

    @Test
    void whileRecordsFlowEachLookThatFindsNothingDoublesTheWaitUpToTheLongest() {
        RelayPacer pacer = new RelayPacer("test", BUSY, LONGEST_BUSY, IDLE, Duration.ofHours(1));

        assertThat(emptyLooks(pacer, 7)).containsExactly(1L, 2L, 4L, 8L, 16L, 16L, 16L);
    }

    @Test
    void recordsFoundOrACommitInThisJvmStartTheWaitsAgainFromTheShortest() {
        RelayPacer pacer = new RelayPacer("test", BUSY, LONGEST_BUSY, IDLE, Duration.ofHours(1));
        emptyLooks(pacer, 6);

        assertThat(millis(pacer.streamingWait(true))).isEqualTo(1);
        assertThat(emptyLooks(pacer, 2)).containsExactly(2L, 4L);

        pacer.walChanged();
        assertThat(emptyLooks(pacer, 3)).containsExactly(1L, 2L, 4L);
    }

    @Test
    void afterAQuietSpellItWaitsTheIdleWaitWhateverItFound() {
        RelayPacer pacer = new RelayPacer("test", BUSY, LONGEST_BUSY, IDLE, Duration.ZERO);

        assertThat(millis(pacer.streamingWait(true))).isEqualTo(500);
        assertThat(millis(pacer.streamingWait(false))).isEqualTo(500);
    }

    @Test
    void theLongestBusyWaitIsNeverShorterThanTheShortestNorLongerThanTheIdleWait() {
        RelayPacer constant = new RelayPacer("test", BUSY, Duration.ZERO, IDLE, Duration.ofHours(1));
        RelayPacer bounded = new RelayPacer("test", BUSY, Duration.ofSeconds(5), IDLE, Duration.ofHours(1));

        assertThat(emptyLooks(constant, 3)).containsExactly(1L, 1L, 1L);
        assertThat(emptyLooks(bounded, 12)).last().isEqualTo(500L);
    }

    private static List<Long> emptyLooks(RelayPacer pacer, int looks) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < looks; i++) {
            waits.add(millis(pacer.streamingWait(false)));
        }
        return waits;
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
