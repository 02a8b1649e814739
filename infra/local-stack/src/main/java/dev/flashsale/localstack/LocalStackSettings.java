package dev.flashsale.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the stack keeps its data and which ports it takes. Environment variables override the defaults:
 * {@code LOCAL_STACK_PG_PORT} (5432), {@code LOCAL_STACK_KAFKA_PORT} (9092),
 * {@code LOCAL_STACK_KAFKA_CONTROLLER_PORT} (9093), {@code LOCAL_STACK_PORT_OFFSET} (0, added to every port),
 * {@code SERVICE_JAVA_OPTS} (JVM options of every service),
 * {@code JWT_SECRET} (the gateway's HMAC key for local tokens).
 *
 * <p>{@code serviceEnvironment} is added to the environment of every service process (which inherits the
 * launcher's own): a test sets a service's configuration there, e.g. {@code ORDER_SAGA_STEP_TIMEOUT}. The
 * stack's own variables (ports, addresses, secrets, profile) always win over it.
 *
 * <p>{@code external}, when not null, is a PostgreSQL and a Kafka the stack uses instead of starting its own
 * (the ports of those are then unused).
 */
public record LocalStackSettings(Path projectDir, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                                 String profile, String gatewaySecret, String jwtSecret,
                                 List<String> serviceJvmArguments, Map<String, Integer> servicePorts,
                                 Map<String, String> serviceEnvironment, ExternalInfrastructure external) {

    public LocalStackSettings {
        servicePorts = Map.copyOf(servicePorts);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    public LocalStackSettings(Path projectDir, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                              String profile, String gatewaySecret, String jwtSecret,
                              List<String> serviceJvmArguments, Map<String, Integer> servicePorts,
                              Map<String, String> serviceEnvironment) {
        this(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile, gatewaySecret, jwtSecret,
                serviceJvmArguments, servicePorts, serviceEnvironment, null);
    }

    public LocalStackSettings(Path projectDir, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                              String profile, String gatewaySecret, String jwtSecret,
                              List<String> serviceJvmArguments, Map<String, Integer> servicePorts) {
        this(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile, gatewaySecret, jwtSecret,
                serviceJvmArguments, servicePorts, Map.of(), null);
    }

    /** The port {@code spec} listens on: its usual one unless these settings move it. */
    public int portOf(ServiceSpec spec) {
        return servicePorts.getOrDefault(spec.name(), spec.port());
    }

    /** The same stack with its services on other ports (tests run beside a developer's own stack). */
    public LocalStackSettings withServicePorts(Map<String, Integer> ports) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, ports, serviceEnvironment, external);
    }

    /** The same stack with {@code environment} added to every service's environment. */
    public LocalStackSettings withServiceEnvironment(Map<String, String> environment) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, servicePorts, environment, external);
    }

    /** The same stack on a PostgreSQL and a Kafka it does not run itself. */
    public LocalStackSettings withExternalInfrastructure(ExternalInfrastructure infrastructure) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, servicePorts, serviceEnvironment, infrastructure);
    }

    /** The same stack with its services started with these JVM options. */
    public LocalStackSettings withServiceJvmArguments(List<String> arguments) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, arguments, servicePorts, serviceEnvironment, external);
    }

    static final String DEFAULT_JVM_OPTIONS = "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";
    /** Only for tokens minted on this machine by the local profile's /api/v1/dev/tokens. */
    static final String LOCAL_JWT_SECRET = "local-stack-only-hmac-key-do-not-use-anywhere-else-0123456789";

    public static LocalStackSettings from(Path projectDir, Path dataDir, Map<String, String> environment) {
        int offset = portOffset(environment);
        Map<String, Integer> servicePorts = new java.util.HashMap<>();
        ServiceSpec.ALL.forEach(spec -> servicePorts.put(spec.name(), spec.port() + offset));
        return new LocalStackSettings(projectDir.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(),
                port(environment, "LOCAL_STACK_PG_PORT", 5432 + offset),
                port(environment, "LOCAL_STACK_KAFKA_PORT", 9092 + offset),
                port(environment, "LOCAL_STACK_KAFKA_CONTROLLER_PORT", 9093 + offset),
                "local",
                UUID.randomUUID().toString(),
                environment.getOrDefault("JWT_SECRET", LOCAL_JWT_SECRET),
                Arrays.asList(environment.getOrDefault("SERVICE_JAVA_OPTS", DEFAULT_JVM_OPTIONS).trim().split("\\s+")),
                servicePorts);
    }

    /**
     * {@code LOCAL_STACK_PORT_OFFSET} shifts every port of the stack (services, PostgreSQL, Kafka, the control
     * API) by the same amount, so a second stack runs beside the first: offset 100 puts the gateway on 8180.
     */
    public static int portOffset(Map<String, String> environment) {
        return port(environment, "LOCAL_STACK_PORT_OFFSET", 0);
    }

    private static int port(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was " + value);
        }
    }
}
