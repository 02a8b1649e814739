package dev.flashsale.loadtest.perf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PerfRowTest {

    @Test
    void aRowPassesOnlyWhenItsFigureMetItsAimAndTheCheckerFoundEveryInvariant() {
        PerfRow met = PerfRow.judged("2", "saga", "61/s", ">= 60/s", true, "-", List.of());

        assertThat(met.passed()).isTrue();
        assertThat(met.withInvariants("PASS").passed()).isTrue();
        assertThat(met.withInvariants("FAIL (1)").passed()).isFalse();
        assertThat(PerfRow.judged("2", "saga", "59/s", ">= 60/s", false, "PASS", List.of()).passed()).isFalse();
        assertThat(PerfRow.notMeasured("7b", "relay", "<= 50 ms", "no outbox").passed()).isFalse();
    }

    @Test
    void printsOneLinePerRowWithItsFigureAimVerdictAndInvariants() {
        String table = PerfRow.table(List.of(
                PerfRow.judged("1", "burst", "0 TIMEOUT", "0 TIMEOUT", true, "PASS", List.of()),
                PerfRow.notMeasured("7b", "relay", "<= 50 ms", "failed: no outbox")));

        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().toList().get(2)).contains("burst", "0 TIMEOUT", "PASS");
        assertThat(table.lines().toList().get(3)).contains("relay", "failed: no outbox", "NOT MEASURED");
    }
}
