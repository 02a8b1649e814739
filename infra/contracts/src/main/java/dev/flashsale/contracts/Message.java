package dev.flashsale.contracts;

/**
 * A command, reply or event that leaves a service through its outbox. Implementations are records
 * annotated with {@link MessageType}; on the wire each is a JSON object holding the {@link Envelope}
 * fields next to the record's own.
 */
public interface Message {

    /**
     * The id of the aggregate this message is about. It becomes the Kafka key, so every message of
     * one aggregate (one order, one user) lands on one partition and is read in the order it was
     * written.
     */
    String aggregateId();
}
