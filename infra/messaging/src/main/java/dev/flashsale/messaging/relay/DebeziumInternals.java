package dev.flashsale.messaging.relay;

import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.connector.base.ChangeEventQueueMetrics;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresStreamingChangeEventSource;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import io.debezium.pipeline.meters.CommonEventMeter;
import io.debezium.pipeline.metrics.PipelineMetrics;
import io.debezium.pipeline.source.spi.EventMetadataProvider;
import io.debezium.pipeline.spi.OffsetContext;
import io.debezium.pipeline.txmetadata.TransactionInfo;
import io.debezium.spi.schema.DataCollectionId;
import io.debezium.util.DelayStrategy;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Map;

/**
 * The only place that reaches into Debezium's private state, for {@link RelayPacer}: the task's change
 * event queue (to see whether records wait in it, or a failure its producer left there for the next poll to throw)
 * and the streaming source's wait when the WAL has nothing
 * to read ({@code pauseNoMessage}, a constant sleep of {@code poll.interval.ms} that Debezium offers no way
 * to configure or interrupt). Written against Debezium 3.5; when a later version renames either field, the
 * relay runs Debezium's own constant polling and says so in a warning ({@link #available()}).
 *
 * <p>It also keeps the streaming metrics from printing every event ({@link #withoutEventSummaries}).
 */
final class DebeziumInternals {

    private static final Logger log = LoggerFactory.getLogger(DebeziumInternals.class);
    private static final String UNPACED = "the outbox relay runs at Debezium's constant pace";
    private static final String SUMMARISED = "Debezium's streaming metrics print every event";
    private static final Field QUEUE = field(PostgresConnectorTask.class, "queue", ChangeEventQueueMetrics.class, UNPACED);
    private static final Field FAILURE = field(ChangeEventQueue.class, "producerException", RuntimeException.class, UNPACED);
    private static final Field PAUSE = field(PostgresStreamingChangeEventSource.class, "pauseNoMessage", DelayStrategy.class,
            UNPACED);
    private static final Field STREAMING_METRICS = field(ChangeEventSourceCoordinator.class, "streamingMetrics",
            Object.class, SUMMARISED);
    private static final Field EVENT_METER = field(PipelineMetrics.class, "commonEventMeter", CommonEventMeter.class,
            SUMMARISED);
    private static final Field METADATA = field(CommonEventMeter.class, "metadataProvider", EventMetadataProvider.class,
            SUMMARISED);

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

    /**
     * Keeps the streaming metrics of {@code coordinator} from printing every event: for its {@code LastEvent}
     * attribute, Debezium's event meter turned each change into a string (key and value through Jackson), a third of
     * the streaming thread's CPU in the profile (docs/benchmarks.md). The attribute now names the table of the last
     * event; the counts and timestamps are Debezium's. False (with a warning) when the metrics are not as expected.
     */
    static boolean withoutEventSummaries(ChangeEventSourceCoordinator<?, ?> coordinator) {
        if (STREAMING_METRICS == null || EVENT_METER == null || METADATA == null) {
            return false;
        }
        try {
            if (!(STREAMING_METRICS.get(coordinator) instanceof PipelineMetrics metrics)
                    || !(EVENT_METER.get(metrics) instanceof CommonEventMeter meter)) {
                log.warn("Debezium's streaming metrics are not as expected: {}", SUMMARISED);
                return false;
            }
            if (METADATA.get(meter) instanceof EventMetadataProvider provider && !(provider instanceof WithoutSummary)) {
                METADATA.set(meter, new WithoutSummary(provider));
            }
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            log.warn("Cannot reach Debezium's streaming metrics: {}", SUMMARISED, e);
            return false;
        }
    }

    /** Debezium's metadata, with the name of the event's table as its summary. */
    private record WithoutSummary(EventMetadataProvider delegate) implements EventMetadataProvider {

        @Override
        public Instant getEventTimestamp(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return delegate.getEventTimestamp(source, offset, key, value);
        }

        @Override
        public Map<String, String> getEventSourcePosition(DataCollectionId source, OffsetContext offset, Object key,
                                                          Struct value) {
            return delegate.getEventSourcePosition(source, offset, key, value);
        }

        @Override
        public String getTransactionId(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return delegate.getTransactionId(source, offset, key, value);
        }

        @Override
        public TransactionInfo getTransactionInfo(DataCollectionId source, OffsetContext offset, Object key,
                                                  Struct value) {
            return delegate.getTransactionInfo(source, offset, key, value);
        }

        @Override
        public String toSummaryString(DataCollectionId source, OffsetContext offset, Object key, Struct value) {
            return source == null ? "" : source.identifier();
        }
    }

    private static Field field(Class<?> owner, String name, Class<?> type, String otherwise) {
        try {
            Field field = owner.getDeclaredField(name);
            if (!type.isAssignableFrom(field.getType())) {
                log.warn("{}.{} is a {}, not a {}: {}", owner.getSimpleName(), name, field.getType().getName(),
                        type.getName(), otherwise);
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            log.warn("{} has no field {} (another Debezium version?): {}", owner.getSimpleName(), name, otherwise);
            return null;
        }
    }
}
