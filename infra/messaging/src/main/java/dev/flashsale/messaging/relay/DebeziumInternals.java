package dev.flashsale.messaging.relay;

import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.connector.base.ChangeEventQueueMetrics;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresStreamingChangeEventSource;
import io.debezium.util.DelayStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * The only place that reaches into Debezium's private state, for {@link RelayPacer}: the task's change
 * event queue (to see whether records wait in it, or a failure its producer left there for the next poll to throw)
 * and the streaming source's wait when the WAL has nothing
 * to read ({@code pauseNoMessage}, a constant sleep of {@code poll.interval.ms} that Debezium offers no way
 * to configure or interrupt). Written against Debezium 3.5; when a later version renames either field, the
 * relay runs Debezium's own constant polling and says so in a warning ({@link #available()}).
 */
final class DebeziumInternals {

    private static final Logger log = LoggerFactory.getLogger(DebeziumInternals.class);
    private static final Field QUEUE = field(PostgresConnectorTask.class, "queue", ChangeEventQueueMetrics.class);
    private static final Field FAILURE = field(ChangeEventQueue.class, "producerException", RuntimeException.class);
    private static final Field PAUSE = field(PostgresStreamingChangeEventSource.class, "pauseNoMessage", DelayStrategy.class);

    private DebeziumInternals() {
    }

    /** Whether both fields are there as expected, so the relay can be paced. */
    static boolean available() {
        return QUEUE != null && PAUSE != null && FAILURE != null;
    }

    /** The task's queue, or null (with a warning) when it cannot be read. */
    static ChangeEventQueueMetrics queueOf(PostgresConnectorTask task) {
        try {
            return QUEUE == null ? null : (ChangeEventQueueMetrics) QUEUE.get(task);
        } catch (IllegalAccessException | RuntimeException e) {
            log.warn("Cannot read Debezium's change event queue; the relay polls at Debezium's constant pace", e);
            return null;
        }
    }

    /**
     * Whether the streaming thread failed and left its exception in {@code queue}: Debezium's own poll throws it,
     * which is how the engine learns to restart the task (a broken replication connection, say). A queue whose
     * failure cannot be read is treated as failed, so the task polls and Debezium decides.
     */
    static boolean failed(ChangeEventQueueMetrics queue) {
        if (FAILURE == null || !(queue instanceof ChangeEventQueue<?>)) {
            return true;
        }
        try {
            return FAILURE.get(queue) != null;
        } catch (IllegalAccessException | RuntimeException e) {
            return true;
        }
    }

    /** Makes {@code source} wait with {@code pause} when it finds nothing to read; false (with a warning) when it cannot. */
    static boolean replacePause(Object source, DelayStrategy pause) {
        if (PAUSE == null || !(source instanceof PostgresStreamingChangeEventSource)) {
            return false;
        }
        try {
            PAUSE.set(source, pause);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            log.warn("Cannot pace Debezium's streaming thread; it looks for changes at Debezium's constant pace", e);
            return false;
        }
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        try {
            Field field = owner.getDeclaredField(name);
            if (!type.isAssignableFrom(field.getType())) {
                log.warn("{}.{} is a {}, not a {}: the outbox relay runs at Debezium's constant pace",
                        owner.getSimpleName(), name, field.getType().getName(), type.getName());
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            log.warn("{} has no field {} (another Debezium version?): the outbox relay runs at Debezium's constant pace",
                    owner.getSimpleName(), name);
            return null;
        }
    }
}
