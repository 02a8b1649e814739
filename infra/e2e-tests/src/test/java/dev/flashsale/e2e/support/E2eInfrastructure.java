package dev.flashsale.e2e.support;

import dev.flashsale.localstack.ExternalInfrastructure;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the end-to-end stack's Kafka and PostgreSQL come from: in-process (the default: embedded PostgreSQL binaries
 * and a KRaft broker process, no Docker) or, with {@code -Ptestcontainers} ({@code -De2e.infrastructure=testcontainers}),
 * Testcontainers' Kafka and PostgreSQL containers. Without a Docker engine the latter skips every test (this class is
 * also the JUnit condition that says so, registered for the whole module) instead of failing.
 */
public final class E2eInfrastructure implements ExecutionCondition {

    static final String PROPERTY = "e2e.infrastructure";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:18";

    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static volatile Boolean dockerAnswers;

    /** Whether this run asked for containers. */
    static boolean containers() {
        String chosen = System.getProperty(PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            case "embedded" -> false;
            case "testcontainers" -> true;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " is embedded or testcontainers, was " + chosen);
        };
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!containers() || dockerAnswers()) {
            return ConditionEvaluationResult.enabled("infrastructure available");
        }
        String reason = "e2e-tests with -Ptestcontainers: no Docker engine answers here, so every end-to-end test is skipped";
        if (TOLD.compareAndSet(false, true)) {
            System.out.println(reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean dockerAnswers() {
        if (dockerAnswers == null) {
            boolean answers;
            try {
                answers = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                answers = false;
            }
            dockerAnswers = answers;
        }
        return dockerAnswers;
    }

    /** Started containers, stopped together. */
    record Containers(KafkaContainer kafka, PostgreSQLContainer postgres) implements AutoCloseable {

        ExternalInfrastructure infrastructure() {
            return new ExternalInfrastructure(postgres.getHost(), postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                    postgres.getUsername(), postgres.getPassword(), kafka.getBootstrapServers());
        }

        @Override
        public void close() {
            kafka.stop();
            postgres.stop();
        }
    }

    /**
     * The containers of a {@code -Ptestcontainers} run, started; empty in the default run. PostgreSQL gets what the
     * services' relays need (logical decoding, a slot per service, the tests' own slots).
     */
    @SuppressWarnings("resource")
    static Optional<Containers> startContainers() {
        if (!containers()) {
            return Optional.empty();
        }
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=32",
                        "-c", "max_wal_senders=32", "-c", "max_connections=300");
        kafka.start();
        postgres.start();
        return Optional.of(new Containers(kafka, postgres));
    }
}
