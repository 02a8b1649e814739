package dev.flashsale.messaging.relay;

import dev.flashsale.messaging.MessagingProperties;
import io.debezium.connector.postgresql.PostgresConnector;
import io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore;
import io.debezium.transforms.outbox.EventRouter;
import org.apache.kafka.connect.transforms.predicates.TopicNameMatches;
import org.postgresql.Driver;

import java.util.Properties;

/**
 * The Debezium engine's configuration for one service: its database, its slot and publication, its
 * offsets in its own database, and the outbox event router.
 */
public final class RelayConfiguration {

    private RelayConfiguration() {
    }

    /**
     * @param jdbcUrl  the service's datasource URL ({@code jdbc:postgresql://host:port/database})
     * @param slot     the slot and publication, which must exist (see {@link ReplicationSlot#ensureExists})
     * @param pacer    paces the engine's threads; null (or Debezium internals not as expected) runs Debezium's
     *                 own constant polling every {@code settings.pollInterval()}
     */
    public static Properties of(String jdbcUrl, String user, String password, ReplicationSlot slot,
                                MessagingProperties.Relay settings, RelayPacer pacer) {
        Properties url = Driver.parseURL(jdbcUrl, null);
        if (url == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        Properties config = new Properties();
        config.setProperty("name", slot.name());
        boolean paced = pacer != null && DebeziumInternals.available();
        config.setProperty("connector.class", (paced ? PacedPostgresConnector.class : PostgresConnector.class).getName());
        if (paced) {
            config.setProperty(RelayPacer.CONFIG_KEY, pacer.id());
        }
        config.setProperty("topic.prefix", slot.name());

        config.setProperty("database.hostname", firstOf(url.getProperty("PGHOST")));
        config.setProperty("database.port", firstOf(url.getProperty("PGPORT")));
        config.setProperty("database.dbname", url.getProperty("PGDBNAME"));
        config.setProperty("database.user", user);
        config.setProperty("database.password", password == null ? "" : password);

        config.setProperty("plugin.name", "pgoutput");
        config.setProperty("slot.name", slot.name());
        config.setProperty("publication.name", slot.name());
        config.setProperty("publication.autocreate.mode", "disabled");
        config.setProperty("table.include.list", "messaging.outbox");
        // The slot exists before any work is accepted, so streaming from it misses nothing.
        config.setProperty("snapshot.mode", "no_data");
        config.setProperty("tombstones.on.delete", "false");
        config.setProperty("heartbeat.interval.ms", Long.toString(settings.heartbeatInterval().toMillis()));

        config.setProperty("offset.storage", JdbcOffsetBackingStore.class.getName());
        config.setProperty("offset.storage.jdbc.connection.url", withSchema(jdbcUrl, "messaging"));
        config.setProperty("offset.storage.jdbc.connection.user", user);
        config.setProperty("offset.storage.jdbc.connection.password", offsetStorePassword(password));
        config.setProperty("offset.storage.jdbc.table.name", "debezium_offset");
        config.setProperty("offset.flush.interval.ms", Long.toString(settings.offsetFlushInterval().toMillis()));
        config.setProperty("offset.flush.timeout.ms", "10000");

        // Paced, Debezium's own wait is entered only once records are queued, and then should end as soon as it
        // has them: its shortest. Unpaced, it is the only wait there is.
        config.setProperty("poll.interval.ms", Long.toString(paced ? 1 : Math.max(1, settings.pollInterval().toMillis())));
        config.setProperty("max.batch.size", Integer.toString(settings.maxBatchSize()));
        config.setProperty("max.queue.size", Integer.toString(settings.maxQueueSize()));
        // Lost connections (PostgreSQL restarting, the slot held by another instance) are retried for ever.
        config.setProperty("errors.max.retries", "-1");
        config.setProperty("errors.retry.delay.initial.ms", "300");
        config.setProperty("errors.retry.delay.max.ms", "10000");
        config.setProperty("retriable.restart.connector.wait.ms", Long.toString(settings.restartBackoff().toMillis()));

        config.setProperty("transforms", "outbox");
        config.setProperty("transforms.outbox.type", EventRouter.class.getName());
        config.setProperty("transforms.outbox.predicate", "isOutbox");
        config.setProperty("transforms.outbox.table.field.event.id", "id");
        config.setProperty("transforms.outbox.table.field.event.key", "aggregate_id");
        config.setProperty("transforms.outbox.table.field.event.payload", "payload");
        config.setProperty("transforms.outbox.table.expand.json.payload", "false");
        config.setProperty("transforms.outbox.route.by.field", "topic");
        config.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        config.setProperty("transforms.outbox.table.fields.additional.placement", OutboxRelay.headerPlacement());
        config.setProperty("predicates", "isOutbox");
        config.setProperty("predicates.isOutbox.type", TopicNameMatches.class.getName());
        config.setProperty("predicates.isOutbox.pattern", ".*\\.messaging\\.outbox");
        return config;
    }

    /**
     * Debezium's offset store refuses an empty password even where the server does not ask for one
     * (trust authentication, as in the local stack); any text will do there.
     */
    private static String offsetStorePassword(String password) {
        return password == null || password.isEmpty() ? "unused" : password;
    }

    private static String firstOf(String commaSeparated) {
        return commaSeparated.split(",")[0];
    }

    private static String withSchema(String jdbcUrl, String schema) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
