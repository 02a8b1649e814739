package dev.flashsale.groupcommit;

import java.util.List;

/**
 * The decision a {@link GroupCommit} runs for one batch of one key: typically one database transaction that
 * decides every request of the batch and commits.
 *
 * <p>The engine calls it for at most one batch of a key at a time, so whatever the handler reads about its key
 * stays true while it decides, as far as this process goes (other processes need a lock, e.g. a row lock in
 * the transaction). It answers nothing itself: it returns one outcome per request and the engine delivers them
 * only once it has returned, that is after the commit.
 *
 * @param <K> the key (what one writer at a time owns, e.g. a coupon id)
 * @param <R> a request
 * @param <A> an answer
 */
@FunctionalInterface
public interface BatchHandler<K, R, A> {

    /**
     * Decides {@code requests} (in arrival order) for {@code key}.
     *
     * @return one outcome per request, in the same order
     * @throws InDoubtException when the try failed at or after its commit, so it may have taken effect: the next try
     *                          gets what it carries in {@link Attempt#inDoubt()}
     * @throws Exception        any other failure: nothing took effect, the batch may be tried again
     */
    List<Outcome<A>> decide(K key, List<R> requests, Attempt attempt) throws Exception;
}
