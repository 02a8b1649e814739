package dev.flashsale.groupcommit;

/**
 * How a {@link GroupCommit} answers a request it could not have decided by its {@link BatchHandler}. Every reason
 * but {@link Reason#OUTCOME_UNKNOWN} guarantees that nothing was done for the request. These are expected answers
 * under load or during an outage, so they carry no stack trace of their own (the cause keeps its own).
 */
public final class GroupCommitException extends RuntimeException {

    public enum Reason {
        /** More requests than {@link GroupCommitSettings#maxQueuedPerKey()} already wait for the key; nothing was done. */
        QUEUE_FULL(false),
        /** No batch took the request within {@link GroupCommitSettings#queueTimeout()}; nothing was done. */
        QUEUE_TIMEOUT(false),
        /** The engine is not running (not started yet, or shutting down); nothing was done. */
        STOPPED(false),
        /** Every try of the request's batch failed before committing; nothing was done. */
        FAILED(false),
        /**
         * The batch failed in doubt through every try, or was still running at its deadline: it may or may not have
         * taken effect. Asking again (a retry) finds out.
         */
        OUTCOME_UNKNOWN(true);

        private final boolean mayHaveTakenEffect;

        Reason(boolean mayHaveTakenEffect) {
            this.mayHaveTakenEffect = mayHaveTakenEffect;
        }

        public boolean mayHaveTakenEffect() {
            return mayHaveTakenEffect;
        }
    }

    private final Reason reason;

    GroupCommitException(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean mayHaveTakenEffect() {
        return reason.mayHaveTakenEffect();
    }
}
