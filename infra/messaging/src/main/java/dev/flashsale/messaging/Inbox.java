package dev.flashsale.messaging;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The idempotent side of every consumer. A {@link MessageDispatcher} built here runs each handler in
 * one transaction with the insert of (consumer, event id) into the inbox table: a message handled
 * before is acknowledged and skipped, and a handler that fails leaves no trace of having run.
 */
public final class Inbox {

    private static final String REMEMBER =
            "INSERT INTO messaging.inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MessageCodec codec;
    private final MessagingMetrics metrics;

    public Inbox(JdbcTemplate jdbc, TransactionTemplate transactions, MessageCodec codec, MessagingMetrics metrics) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** Starts a dispatcher: name a handler for every message type the listener expects. */
    public MessageDispatcher.Builder dispatcher() {
        return new MessageDispatcher.Builder(this, codec, metrics);
    }

    /**
     * Runs {@code effect} once per (consumer, event id): in one transaction with the inbox row, or not
     * at all when the row exists. Concurrent deliveries of one event wait on the row's unique key, so
     * only one of them runs the effect.
     *
     * @return whether the effect ran
     */
    public boolean once(String consumer, UUID eventId, Runnable effect) {
        Supplier<Boolean> firstTime = () -> {
            if (jdbc.update(REMEMBER, consumer, eventId) == 0) {
                return false;
            }
            effect.run();
            return true;
        };
        return Boolean.TRUE.equals(transactions.execute(status -> firstTime.get()));
    }
}
