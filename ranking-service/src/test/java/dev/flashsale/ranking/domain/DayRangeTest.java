package dev.flashsale.ranking.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DayRangeTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);

    @Test
    void includesBothEnds() {
        DayRange range = DayRange.ending(DAY, 3);

        assertThat(range.from()).isEqualTo(LocalDate.of(2024, 2, 28));
        assertThat(range.days()).isEqualTo(3);
        assertThat(range.contains(range.from())).isTrue();
        assertThat(range.contains(DAY)).isTrue();
        assertThat(range.contains(DAY.plusDays(1))).isFalse();
        assertThat(range.contains(range.from().minusDays(1))).isFalse();
    }

    @Test
    void refusesToEndBeforeItStarts() {
        assertThatThrownBy(() -> new DayRange(DAY, DAY.minusDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DayRange.ending(DAY, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
