package dev.flashsale.messaging.relay;

import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.connect.connector.Task;

/** Debezium's PostgreSQL connector whose task waits through a {@link RelayPacer}. */
public class PacedPostgresConnector extends PostgresConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return PacedPostgresConnectorTask.class;
    }
}
