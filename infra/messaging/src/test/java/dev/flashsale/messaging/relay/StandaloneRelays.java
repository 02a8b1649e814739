package dev.flashsale.messaging.relay;

import com.zaxxer.hikari.HikariDataSource;
import dev.flashsale.embedded.EmbeddedPostgresServer;
import dev.flashsale.messaging.JdbcOutbox;
import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.messaging.MessagingMetrics;
import dev.flashsale.messaging.MessagingProperties;
import dev.flashsale.messaging.Outbox;
import dev.flashsale.messaging.autoconfigure.MessagingSchema;
import dev.flashsale.testkit.SharedInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Instances of one service's relay, outside Spring, on a database of their own on the test PostgreSQL: as several
 * replicas of a service would run them, each with its own leadership connection, pacer and producer.
 */
final class StandaloneRelays implements AutoCloseable {

    final String url;
    final JdbcTemplate jdbc;
    final TransactionTemplate transactions;
    final ReplicationSlot slot;
    private final HikariDataSource dataSource;
    private final List<OutboxRelay> relays = new ArrayList<>();

    StandaloneRelays(String name) {
        url = SharedInfrastructure.newDatabase(name);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(EmbeddedPostgresServer.USER);
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(8);
        this.dataSource = dataSource;
        new MessagingSchema(dataSource).afterPropertiesSet();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        slot = ReplicationSlot.named(null, jdbc);
        slot.ensureExists(jdbc);
    }

    /** Settings for tests: quick checks and restarts, and the given pacing. */
    static MessagingProperties.Relay settings(Duration idlePollInterval, Duration quietAfter) {
        return new MessagingProperties.Relay(true, null, Duration.ofMillis(1), Duration.ofMillis(16), idlePollInterval,
                quietAfter, true,
                4096, 16384, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    /** A new instance of the relay (not started). */
    OutboxRelay relay(MessagingProperties.Relay settings) {
        RelayPacer pacer = new RelayPacer(slot.name() + "-" + UUID.randomUUID(), settings.pollInterval(),
                settings.pollIntervalMax(), settings.idlePollInterval(), settings.quietAfter());
        Map<String, Object> producer = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        OutboxRelay relay = new OutboxRelay(
                () -> RelayConfiguration.of(url, EmbeddedPostgresServer.USER, "", slot, settings, pacer),
                () -> new KafkaProducer<>(producer),
                () -> new RelayLeadership(() -> RelayConnections.open(url, EmbeddedPostgresServer.USER, "",
                        "outbox-relay-leadership"), slot.name()),
                pacer, new MessagingMetrics(new SimpleMeterRegistry()), settings);
        relays.add(relay);
        return relay;
    }

    /** This database's outbox; a commit wakes {@code wakes} (the relay of the same JVM), or nothing. */
    Outbox outbox(OutboxRelay wakes) {
        return new JdbcOutbox(jdbc, new MessageCodec(), Clock.systemUTC(), ZoneId.of("Asia/Seoul"), () -> null,
                wakes == null ? () -> { } : wakes::walChanged);
    }

    /** The backend holding the relay's leadership lock, or null. */
    Integer leaderBackend() {
        List<Integer> pids = jdbc.queryForList("""
                SELECT pid FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND classid = ?::oid
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""",
                Integer.class, Integer.toString(RelayLeadership.LOCK_CLASS));
        return pids.isEmpty() ? null : pids.get(0);
    }

    /** The backend streaming the slot, or null. */
    Integer slotReader() {
        List<Integer> pids = jdbc.queryForList(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active", Integer.class, slot.name());
        return pids.isEmpty() ? null : pids.get(0);
    }

    void terminate(int backend) {
        jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, backend);
    }

    @Override
    public void close() {
        relays.forEach(OutboxRelay::stop);
        // Waiting to be terminated by the relays' stop: then the slot can go with the test.
        for (int i = 0; i < 50 && slotReader() != null; i++) {
            pause(Duration.ofMillis(100));
        }
        jdbc.queryForList("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active",
                slot.name());
        dataSource.close();
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
