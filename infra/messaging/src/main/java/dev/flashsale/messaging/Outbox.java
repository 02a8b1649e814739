package dev.flashsale.messaging;

import dev.flashsale.contracts.Message;

import java.util.UUID;

/**
 * The only way a message leaves a service. {@link #append} writes it into the service's outbox table
 * inside the caller's transaction: it is published if and only if that transaction commits. The
 * Debezium relay publishes it to its topic, keyed by its aggregate id.
 */
public interface Outbox {

    /**
     * Appends {@code message} to the outbox in the current transaction.
     *
     * @return the message's event id
     * @throws IllegalStateException when no transaction is active
     */
    UUID append(Message message);
}
