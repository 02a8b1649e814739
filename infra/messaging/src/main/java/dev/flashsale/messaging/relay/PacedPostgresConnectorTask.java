package dev.flashsale.messaging.relay;

import io.debezium.config.Configuration;
import io.debezium.connector.base.ChangeEventQueueMetrics;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import io.debezium.pipeline.source.spi.StreamingChangeEventSource;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;

/**
 * Debezium's PostgreSQL task with both of its waits handed to the {@link RelayPacer} named in its
 * configuration: the engine thread's wait for records ({@link #doPoll}) and the streaming thread's wait
 * when the WAL has nothing new ({@link DebeziumInternals#replacePause}). The engine thread enters Debezium's
 * own {@code poll()} only once records are queued (or the streaming thread failed: that poll throws the failure,
 * and the engine restarts the task), so its timed spin never runs at rest. Without a pacer, or
 * when Debezium's internals are not as expected, it is Debezium's task unchanged. Either way its streaming metrics do
 * not print every event ({@link DebeziumInternals#withoutEventSummaries}).
 */
public class PacedPostgresConnectorTask extends PostgresConnectorTask {

    private volatile RelayPacer pacer;
    private volatile ChangeEventQueueMetrics queue;
    private volatile StreamingChangeEventSource<?, ?> pacedSource;

    @Override
    public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
        ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> started = super.start(config);
        DebeziumInternals.withoutEventSummaries(started);
        pacer = RelayPacer.find(config.getString(RelayPacer.CONFIG_KEY));
        queue = pacer == null ? null : DebeziumInternals.queueOf(this);
        pacedSource = null;
        if (pacer != null) {
            pacer.pollingPaced(queue != null);
            pacer.streamingPaced(false);
        }
        return started;
    }

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        RelayPacer current = pacer;
        if (current == null || queue == null) {
            return super.doPoll();
        }
        paceStreamingSource(current);
        current.awaitRecords(this::recordsQueuedOrFailed);
        if (!recordsQueuedOrFailed()) {
            return List.of();
        }
        // Records, or a failure of the streaming thread that Debezium's poll throws so the engine restarts the task.
        List<SourceRecord> records = super.doPoll();
        current.recordsPolled(changes(records));
        return records;
    }

    /** Records other than heartbeats: a heartbeat every few seconds at rest must not keep the relay looking often. */
    private static int changes(List<SourceRecord> records) {
        int changes = 0;
        for (SourceRecord record : records) {
            if (record.topic() == null || !record.topic().startsWith(OutboxRelay.HEARTBEAT_TOPIC_PREFIX)) {
                changes++;
            }
        }
        return changes;
    }

    /** The streaming source exists only once streaming began (and anew after a restart): pace each one once. */
    private void paceStreamingSource(RelayPacer current) {
        ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> running = coordinator;
        if (running == null) {
            return;
        }
        StreamingChangeEventSource<?, ?> source = running.getStreamingSource().orElse(null);
        if (source == null || source == pacedSource) {
            return;
        }
        pacedSource = source;
        current.streamingPaced(DebeziumInternals.replacePause(source, nothingToRead -> {
            if (!nothingToRead) {
                return false;
            }
            boolean found = recordsQueued();
            if (found) {
                current.recordsQueued();
            }
            current.awaitWal(found);
            return true;
        }));
    }

    private boolean recordsQueuedOrFailed() {
        return recordsQueued() || DebeziumInternals.failed(queue);
    }

    private boolean recordsQueued() {
        ChangeEventQueueMetrics metrics = queue;
        return metrics != null && metrics.remainingCapacity() < metrics.totalCapacity();
    }

    @Override
    protected void doStop() {
        RelayPacer current = pacer;
        if (current != null) {
            current.pollingPaced(false);
            current.streamingPaced(false);
            current.wakeAll();
        }
        super.doStop();
    }
}
