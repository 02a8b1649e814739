package dev.flashsale.coupon.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static dev.flashsale.coupon.domain.IssuanceRound.Verdict.ALREADY_ISSUED;
import static dev.flashsale.coupon.domain.IssuanceRound.Verdict.ISSUE;
import static dev.flashsale.coupon.domain.IssuanceRound.Verdict.SOLD_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IssuanceRoundTest {

    @Test
    void givesTheRemainderToTheEarliestRequestsAndSoldOutToTheRest() {
        IssuanceRound round = IssuanceRound.allot(List.of(1L, 2L, 3L, 4L, 5L), Set.of(), 3);

        assertThat(verdicts(round, 5)).containsExactly(ISSUE, ISSUE, ISSUE, SOLD_OUT, SOLD_OUT);
        assertThat(round.winners()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void issuesEveryoneWhenEnoughRemain() {
        IssuanceRound round = IssuanceRound.allot(List.of(7L, 8L), Set.of(), 100);

        assertThat(verdicts(round, 2)).containsExactly(ISSUE, ISSUE);
        assertThat(round.winners()).containsExactly(7L, 8L);
    }

    @Test
    void countsAUserOnceHoweverManyOfTheirRequestsAreInTheRound() {
        IssuanceRound round = IssuanceRound.allot(List.of(1L, 1L, 2L, 1L), Set.of(), 5);

        assertThat(verdicts(round, 4)).containsExactly(ISSUE, ALREADY_ISSUED, ISSUE, ALREADY_ISSUED);
        assertThat(round.winners()).containsExactly(1L, 2L);
    }

    @Test
    void letsAHolderTakeNoUnitSoTheNextRequesterGetsIt() {
        IssuanceRound round = IssuanceRound.allot(List.of(1L, 2L, 3L), Set.of(1L), 1);

        assertThat(verdicts(round, 3)).containsExactly(ALREADY_ISSUED, ISSUE, SOLD_OUT);
        assertThat(round.winners()).containsExactly(2L);
    }

    @Test
    void answersAHolderAlreadyIssuedEvenWhenNoneRemain() {
        IssuanceRound round = IssuanceRound.allot(List.of(1L, 2L), Set.of(2L), 0);

        assertThat(verdicts(round, 2)).containsExactly(SOLD_OUT, ALREADY_ISSUED);
        assertThat(round.winners()).isEmpty();
    }

    @Test
    void keepsARepeatedRequestOfASoldOutUserSoldOut() {
        IssuanceRound round = IssuanceRound.allot(List.of(1L, 2L, 2L), Set.of(), 1);

        assertThat(verdicts(round, 3)).containsExactly(ISSUE, SOLD_OUT, SOLD_OUT);
    }

    @Test
    void neverIssuesMoreThanRemainInALargeRound() {
        List<Long> requesters = IntStream.range(0, 10_000).mapToObj(i -> (long) (i % 7_000)).toList();

        IssuanceRound round = IssuanceRound.allot(requesters, Set.of(5L, 6L), 100);

        assertThat(round.winners()).hasSize(100).doesNotHaveDuplicates().doesNotContain(5L, 6L);
        assertThat(IntStream.range(0, requesters.size()).filter(i -> round.verdict(i) == ISSUE)).hasSize(100);
    }

    @Test
    void handlesAnEmptyRound() {
        assertThat(IssuanceRound.allot(List.of(), Set.of(), 10).winners()).isEmpty();
    }

    @Test
    void refusesANegativeRemainder() {
        assertThatThrownBy(() -> IssuanceRound.allot(List.of(1L), Set.of(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<IssuanceRound.Verdict> verdicts(IssuanceRound round, int size) {
        return IntStream.range(0, size).mapToObj(round::verdict).toList();
    }
}
