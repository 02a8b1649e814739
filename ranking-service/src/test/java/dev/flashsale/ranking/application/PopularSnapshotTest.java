package dev.flashsale.ranking.application;

import dev.flashsale.ranking.domain.DayRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PopularSnapshotTest {

    private final Instant computedAt = Instant.parse("2026-11-22T05:00:00Z");
    private final PopularSnapshot snapshot = new PopularSnapshot(DayRange.ending(LocalDate.of(2026, 11, 22), 3),
            List.of(), Map.of(), null, computedAt, Instant.parse("2026-11-22T05:01:00Z"), 0);

    @Test
    void isServedFromItsComputationUntilItExpires() {
        assertThat(snapshot.isValidAt(computedAt)).isTrue();
        assertThat(snapshot.isValidAt(Instant.parse("2026-11-22T05:00:59.999Z"))).isTrue();
        assertThat(snapshot.isValidAt(Instant.parse("2026-11-22T05:01:00Z"))).isFalse();
    }

    @Test
    void isNotServedToAClockSetBeforeItWasComputed() {
        assertThat(snapshot.isValidAt(computedAt.minusMillis(1))).isFalse();
    }
}
