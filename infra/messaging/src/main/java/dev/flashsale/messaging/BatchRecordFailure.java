package dev.flashsale.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * A record of a batch whose handling failed: the records before it are done (the error handler commits them)
 * and it is retried, then dead-lettered, as a record listener's would be. Two classes, because the error handler
 * starts a record's tries afresh when the class of its failure changes: a message that failed for itself and
 * then meets an outage waits for the outage, and one that failed in an outage and then for itself gets its
 * bounded tries.
 */
public abstract sealed class BatchRecordFailure extends BatchListenerFailedException {

    private BatchRecordFailure(String message, Throwable cause, ConsumerRecord<?, ?> record) {
        super(message, cause, record);
    }

    static BatchRecordFailure of(Throwable cause, ConsumerRecord<?, ?> record) {
        String message = record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + cause;
        return TransientFailures.isTransient(cause) ? new Transient(message, cause, record) : new Permanent(message, cause, record);
    }

    /** The failure passes by itself (see {@link TransientFailures}): retried for as long as it lasts. */
    public static final class Transient extends BatchRecordFailure {
        private Transient(String message, Throwable cause, ConsumerRecord<?, ?> record) {
            super(message, cause, record);
        }
    }

    /** The record's own failure: bounded tries, then the dead-letter topic. */
    public static final class Permanent extends BatchRecordFailure {
        private Permanent(String message, Throwable cause, ConsumerRecord<?, ?> record) {
            super(message, cause, record);
        }
    }
}
