package dev.flashsale.testkit;

import dev.flashsale.embedded.EmbeddedPostgresServer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL and one real Kafka broker (KRaft, in this JVM) for the whole test JVM,
 * started on first use and stopped when the JVM exits. Every Spring context, and every test that
 * asks, gets a database of its own on the shared server, so tests never see each other's rows.
 */
public final class SharedInfrastructure {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private SharedInfrastructure() {
    }

    public static EmbeddedPostgresServer postgres() {
        return PostgresHolder.SERVER;
    }

    public static EmbeddedKafkaBroker kafka() {
        return KafkaHolder.BROKER;
    }

    public static String kafkaBootstrapServers() {
        return kafka().getBrokersAsString();
    }

    /** A new, empty database named after {@code prefix}; returns its JDBC URL. */
    public static String newDatabase(String prefix) {
        String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_" + DATABASES.incrementAndGet();
        if (!Character.isLetter(name.charAt(0))) {
            name = "db_" + name;
        }
        return postgres().createDatabaseIfMissing(name);
    }

    private static final class PostgresHolder {
        static final EmbeddedPostgresServer SERVER = EmbeddedPostgresServer.startEphemeral();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close, "stop-test-postgres"));
        }
    }

    private static final class KafkaHolder {
        static final EmbeddedKafkaKraftBroker BROKER = start();

        private static EmbeddedKafkaKraftBroker start() {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
            broker.brokerProperties(Map.of(
                    "auto.create.topics.enable", "true",
                    "num.partitions", "6",
                    "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "6"));
            // The broker writes its address to this system property; keep it away from spring.kafka.*.
            broker.brokerListProperty("flashsale.test.kafka.brokers");
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-test-kafka"));
            return broker;
        }
    }
}
