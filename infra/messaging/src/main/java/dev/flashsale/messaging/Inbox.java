package dev.flashsale.messaging;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The idempotent side of every consumer. A {@link MessageDispatcher} built here runs each handler in
 * one transaction with the insert of (consumer, event id) into the inbox table: a message handled
 * before is acknowledged and skipped, and a handler that fails leaves no trace of having run.
 */
public final class Inbox {

    private static final String REMEMBER =
            "INSERT INTO messaging.inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    /** One statement for a batch; an id twice in it, or handled before, is not returned. */
    private static final String REMEMBER_ALL = """
            INSERT INTO messaging.inbox (consumer, event_id) SELECT ?, unnest(?::uuid[])
            ON CONFLICT DO NOTHING RETURNING event_id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MessageCodec codec;
    private final MessagingMetrics metrics;
    private final RecordTracing tracing;

    /**
     * @param tracing gives each record of a batch its span (record listeners get theirs from spring-kafka's observation)
     */
    public Inbox(JdbcTemplate jdbc, TransactionTemplate transactions, MessageCodec codec, MessagingMetrics metrics,
                 RecordTracing tracing) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.codec = codec;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** Starts a dispatcher: name a handler for every message type the listener expects. */
    public MessageDispatcher.Builder dispatcher() {
        return new MessageDispatcher.Builder(this, codec, metrics, tracing);
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

    /**
     * Runs {@code effect(i)} for each event id handled neither before nor earlier in the list, in list order, all
     * in one transaction with their inbox rows (one statement for all of them). A failing effect rolls back all.
     *
     * @return which indexes ran
     */
    public boolean[] onceEach(String consumer, List<UUID> eventIds, IntConsumer effect) {
        boolean[] ran = new boolean[eventIds.size()];
        if (eventIds.isEmpty()) {
            return ran;
        }
        transactions.executeWithoutResult(status -> {
            Set<UUID> fresh = new HashSet<>(jdbc.query(connection -> {
                PreparedStatement insert = connection.prepareStatement(REMEMBER_ALL);
                Array ids = connection.createArrayOf("uuid", eventIds.toArray());
                insert.setString(1, consumer);
                insert.setArray(2, ids);
                return insert;
            }, (row, n) -> row.getObject(1, UUID.class)));
            for (int i = 0; i < ran.length; i++) {
                if (fresh.remove(eventIds.get(i))) {
                    effect.accept(i);
                    ran[i] = true;
                }
            }
        });
        return ran;
    }
}
