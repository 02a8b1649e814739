package dev.flashsale.messaging.autoconfigure;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

import javax.sql.DataSource;

/**
 * Migrates the library's own tables (outbox, inbox, idempotency keys, relay offsets) in schema
 * {@code messaging}, with a Flyway history of its own, before anything that uses them starts. A
 * service's own migrations (schema {@code public}) never see them.
 */
public final class MessagingSchema implements InitializingBean {

    public static final String SCHEMA = "messaging";

    private final DataSource dataSource;

    public MessagingSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table("flyway_schema_history")
                .locations("classpath:db/messaging")
                .load()
                .migrate();
    }
}
