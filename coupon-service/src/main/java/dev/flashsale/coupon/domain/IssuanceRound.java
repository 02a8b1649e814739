package dev.flashsale.coupon.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * First come, first served, for one batch of issue requests for one coupon: given the requests in
 * arrival order, who already holds the coupon and how many are left, decides each request's verdict.
 * The earliest requests of new holders get what remains; a user is counted once however many of their
 * requests are in the batch; a holder never takes a unit.
 */
public final class IssuanceRound {

    public enum Verdict {
        /** This request gets a coupon. */
        ISSUE,
        /** The user has one already, from before this round or from an earlier request in it. */
        ALREADY_ISSUED,
        /** None left for this request. */
        SOLD_OUT
    }

    private final List<Verdict> verdicts;
    private final List<Long> winners;

    private IssuanceRound(List<Verdict> verdicts, List<Long> winners) {
        this.verdicts = List.copyOf(verdicts);
        this.winners = List.copyOf(winners);
    }

    /**
     * @param requesters the user of each request, in arrival order; a user may appear more than once
     * @param holders    the requesters who hold this coupon already
     * @param remaining  how many of the coupon are left
     */
    public static IssuanceRound allot(List<Long> requesters, Set<Long> holders, long remaining) {
        Objects.requireNonNull(requesters, "requesters");
        Objects.requireNonNull(holders, "holders");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
        }
        List<Verdict> verdicts = new ArrayList<>(requesters.size());
        List<Long> winners = new ArrayList<>();
        Map<Long, Verdict> firstVerdicts = new HashMap<>();
        long left = remaining;
        for (Long user : requesters) {
            Verdict first = firstVerdicts.get(user);
            Verdict verdict;
            if (first != null) {
                verdict = first == Verdict.SOLD_OUT ? Verdict.SOLD_OUT : Verdict.ALREADY_ISSUED;
            } else if (holders.contains(user)) {
                verdict = Verdict.ALREADY_ISSUED;
            } else if (left > 0) {
                verdict = Verdict.ISSUE;
                winners.add(user);
                left--;
            } else {
                verdict = Verdict.SOLD_OUT;
            }
            firstVerdicts.putIfAbsent(user, verdict);
            verdicts.add(verdict);
        }
        return new IssuanceRound(verdicts, winners);
    }

    /** The verdict of the request at {@code position} of the arrival order. */
    public Verdict verdict(int position) {
        return verdicts.get(position);
    }

    /** The users who get a coupon, each once, in arrival order. */
    public List<Long> winners() {
        return winners;
    }
}
