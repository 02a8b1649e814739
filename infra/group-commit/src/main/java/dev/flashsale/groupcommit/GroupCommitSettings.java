package dev.flashsale.groupcommit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link GroupCommit} batches and how long it lets a request wait.
 *
 * @param maxBatchSize    most requests one batch decides
 * @param maxQueuedPerKey requests that may wait for one key; beyond that a request is refused at once
 *                        ({@link GroupCommitException.Reason#QUEUE_FULL}) rather than queued for longer than anyone waits
 * @param queueTimeout    how long a request may wait before a batch takes it; past that it is withdrawn, untouched
 *                        ({@link GroupCommitException.Reason#QUEUE_TIMEOUT})
 * @param batchTimeout    how long a batch may take, every attempt and pause included, before the requests it still
 *                        holds are answered {@link GroupCommitException.Reason#OUTCOME_UNKNOWN}
 * @param maxAttempts     tries of a batch whose handler fails before its requests are answered with the failure
 * @param retryBackoff    pause before the second try, doubled before each further one (never past the batch's deadline)
 */
public record GroupCommitSettings(int maxBatchSize, int maxQueuedPerKey, Duration queueTimeout, Duration batchTimeout,
                                  int maxAttempts, Duration retryBackoff) {

    private static final Duration FINEST_SWEEP = Duration.ofMillis(5);
    private static final Duration COARSEST_SWEEP = Duration.ofMillis(100);

    public GroupCommitSettings {
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        Objects.requireNonNull(batchTimeout, "batchTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (maxBatchSize < 1 || maxQueuedPerKey < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("batch size, queue limit and attempts must be positive");
        }
        if (queueTimeout.isZero() || queueTimeout.isNegative() || batchTimeout.isZero() || batchTimeout.isNegative()
                || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive and the back-off not negative");
        }
    }

    /** How often the engine looks for requests past their time: a tenth of the shorter timeout, 5 to 100 ms. */
    public Duration sweepInterval() {
        Duration tenth = (queueTimeout.compareTo(batchTimeout) < 0 ? queueTimeout : batchTimeout).dividedBy(10);
        if (tenth.compareTo(FINEST_SWEEP) < 0) {
            return FINEST_SWEEP;
        }
        return tenth.compareTo(COARSEST_SWEEP) > 0 ? COARSEST_SWEEP : tenth;
    }

    /**
     * The longest a request waits for its answer once submitted: its time in the queue, its batch's time, and two
     * sweeps of slack for the timekeeper to notice either. A caller with a time limit of its own must allow more.
     */
    public Duration longestWait() {
        return queueTimeout.plus(batchTimeout).plus(sweepInterval().multipliedBy(2));
    }
}
