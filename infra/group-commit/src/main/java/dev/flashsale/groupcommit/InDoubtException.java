package dev.flashsale.groupcommit;

/**
 * Thrown by a {@link BatchHandler} whose try failed at or after its commit (the connection broke while
 * committing, say): the try may have taken effect. The engine tries the batch again with what this exception
 * carries in {@link Attempt#inDoubt()}, so that the next try can tell its own earlier work (answer it as done)
 * from someone else's; and if no try succeeds, the batch's requests are answered
 * {@link GroupCommitException.Reason#OUTCOME_UNKNOWN} rather than "nothing happened".
 */
public class InDoubtException extends Exception {

    private final transient Object written;

    /**
     * @param written what the try may have written, in terms the handler recognises on its next try (for example
     *                the ids of the rows it inserted); not null
     */
    public InDoubtException(Object written, Throwable cause) {
        super("the try failed at or after its commit; it may have taken effect", cause);
        if (written == null) {
            throw new IllegalArgumentException("written must not be null");
        }
        this.written = written;
    }

    public Object written() {
        return written;
    }
}
