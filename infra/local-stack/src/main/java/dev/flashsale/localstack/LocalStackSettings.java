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
 * {@code JWT_SECRET} (the gateway's HMAC key for local tokens),
 * {@code LOCAL_STACK_CDS} ({@code on}; {@code off} starts the services without class-data archives).
 *
 * <p>{@code classDataCache} is where each service's class-data archive is kept ({@link ClassDataArchive}), or
 * {@code null} for none: the one-command stack keeps them in {@code <project>/.local-stack/cds} whatever its data
 * directory, so a stack with fresh data (the load tests') still starts from the archives of the same jars.
 *
 * <p>{@code serviceEnvironment} is added to the environment of every service process (which inherits the
 * launcher's own): a test sets a service's configuration there, e.g. {@code ORDER_SAGA_STEP_TIMEOUT}. The
 * stack's own variables (ports, addresses, secrets, profile) always win over it.
 */
public record LocalStackSettings(Path projectDir, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                                 String profile, String gatewaySecret, String jwtSecret,
                                 List<String> serviceJvmArguments, Map<String, Integer> servicePorts,
                                 Map<String, String> serviceEnvironment, Path classDataCache) {

    public LocalStackSettings {
        servicePorts = Map.copyOf(servicePorts);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    /** Settings without class-data archives. */
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
                serviceJvmArguments, servicePorts, Map.of());
    }

    /** The port {@code spec} listens on: its usual one unless these settings move it. */
    public int portOf(ServiceSpec spec) {
        return servicePorts.getOrDefault(spec.name(), spec.port());
    }

    /** The same stack with its services on other ports (tests run beside a developer's own stack). */
    public LocalStackSettings withServicePorts(Map<String, Integer> ports) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, ports, serviceEnvironment, classDataCache);
    }

    /** The same stack with {@code environment} added to every service's environment. */
    public LocalStackSettings withServiceEnvironment(Map<String, String> environment) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, servicePorts, environment, classDataCache);
    }

    /** The same stack with its services started with these JVM options. */
    public LocalStackSettings withServiceJvmArguments(List<String> arguments) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, arguments, servicePorts, serviceEnvironment, classDataCache);
    }

    /**
     * C1 only: on two cores shared by six JVMs, full tiered compilation spends about twice the start-up CPU (C2
     * compiling code that runs only while the context starts) and costs more CPU per request than it saves for
     * the first tens of thousands of requests; after that its code is about a tenth cheaper. Measured side by side
     * in docs/benchmarks.md; {@code SERVICE_JAVA_OPTS} without it suits a stack that runs for hours.
     */
    static final String DEFAULT_JVM_OPTIONS = "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";
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
                servicePorts, Map.of(),
                "off".equalsIgnoreCase(environment.getOrDefault("LOCAL_STACK_CDS", "on").trim()) ? null
                        : projectDir.toAbsolutePath().normalize().resolve(".local-stack").resolve("cds"));
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
