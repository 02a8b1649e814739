package dev.flashsale.groupcommit;

/** What a {@link GroupCommit} reports, for metrics. Called on writer threads: keep it cheap. */
public interface GroupCommitListener<K> {

    /** A batch of {@code size} requests was decided, its handler returning after {@code nanos} (retries included). */
    default void batchDecided(K key, int size, long nanos) {
    }

    /** A batch of {@code size} requests was answered {@code reason} ({@code FAILED} or {@code OUTCOME_UNKNOWN}). */
    default void batchFailed(K key, int size, GroupCommitException.Reason reason) {
    }
}
