package dev.flashsale.messaging;

import dev.flashsale.contracts.Envelope;
import dev.flashsale.contracts.Message;
import dev.flashsale.contracts.MessageTypes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The outbox as a table in the service's own database, in the {@code messaging} schema. After a transaction
 * that appended commits, it tells the relay ({@code afterCommit}), so a relay resting after a quiet spell looks
 * at once instead of at its next idle look.
 */
public final class JdbcOutbox implements Outbox {

    private static final String INSERT = """
            INSERT INTO messaging.outbox (id, topic, aggregate_id, type, payload, occurred_at, traceparent)
            VALUES (?, ?, ?, ?, ?::json, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final MessageCodec codec;
    private final Clock clock;
    private final ZoneId zone;
    private final Supplier<String> traceparent;
    /** One object: Spring keeps a transaction's synchronizations in a set, so it runs once however many appends. */
    private final TransactionSynchronization afterCommit;

    /**
     * @param onCommit runs once after each transaction that appended commits; it must be quick and not fail
     */
    public JdbcOutbox(JdbcTemplate jdbc, MessageCodec codec, Clock clock, ZoneId zone, Supplier<String> traceparent,
                      Runnable onCommit) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.clock = clock;
        this.zone = zone;
        this.traceparent = traceparent;
        this.afterCommit = new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                onCommit.run();
            }
        };
    }

    @Override
    public UUID append(Message message) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append(" + message.getClass().getSimpleName()
                    + ") needs the caller's transaction: a message must commit or roll back with the change it announces");
        }
        Envelope envelope = codec.envelopeFor(message, OffsetDateTime.now(clock.withZone(zone)));
        String topic = MessageTypes.of(message.getClass()).topic();
        jdbc.update(INSERT, envelope.eventId(), topic, envelope.aggregateId(), envelope.type(),
                codec.encode(message, envelope), envelope.occurredAt(), traceparent.get());
        hookAfterCommit();
        return envelope.eventId();
    }

    private void hookAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(afterCommit);
        }
    }
}
