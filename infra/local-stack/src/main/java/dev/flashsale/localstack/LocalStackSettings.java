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
 * {@code SERVICE_JAVA_OPTS} (JVM options of every service), {@code SERVICE_JAVA_OPTS_<NAME>} (added after those for one
 * service, e.g. {@code SERVICE_JAVA_OPTS_API_GATEWAY} to record a flight recording of the gateway alone),
 * {@code LOCAL_STACK_REPLICAS} (instances of each service),
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
 *
 * <p>{@code external}, when not null, is a PostgreSQL and a Kafka the stack uses instead of starting its own
 * (the ports of those are then unused).
 *
 * <p>{@code replicas} instances of every service but the gateway run ({@code LOCAL_STACK_REPLICAS}, 1 by default);
 * instance {@code n} (from 0) listens on its service's port plus {@code 10 n} unless {@code servicePorts} names it
 * ({@link ServiceInstance}), and the gateway spreads calls across them.
 */
public record LocalStackSettings(Path projectDir, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                                 String profile, String gatewaySecret, String jwtSecret,
                                 List<String> serviceJvmArguments, Map<String, Integer> servicePorts,
                                 Map<String, String> serviceEnvironment, ExternalInfrastructure external, int replicas,
                                 Path classDataCache, Map<String, List<String>> serviceJvmExtras) {

    public LocalStackSettings {
        servicePorts = Map.copyOf(servicePorts);
        serviceJvmExtras = Map.copyOf(serviceJvmExtras);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
        if (replicas < 1 || replicas > ServiceInstance.MAX_REPLICAS) {
            throw new IllegalArgumentException("LOCAL_STACK_REPLICAS must be 1 to " + ServiceInstance.MAX_REPLICAS + ", was " + replicas);
        }
    }

    public LocalStackSettings(Path projectDir, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                              String profile, String gatewaySecret, String jwtSecret,
                              List<String> serviceJvmArguments, Map<String, Integer> servicePorts,
                              Map<String, String> serviceEnvironment) {
        this(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile, gatewaySecret, jwtSecret,
                serviceJvmArguments, servicePorts, serviceEnvironment, null, 1, null, Map.of());
    }

    public LocalStackSettings(Path projectDir, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                              String profile, String gatewaySecret, String jwtSecret,
                              List<String> serviceJvmArguments, Map<String, Integer> servicePorts) {
        this(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile, gatewaySecret, jwtSecret,
                serviceJvmArguments, servicePorts, Map.of(), null, 1, null, Map.of());
    }

    /** The port {@code spec}'s first instance listens on: its usual one unless these settings move it. */
    public int portOf(ServiceSpec spec) {
        return servicePorts.getOrDefault(spec.name(), spec.port());
    }

    /** The port of one instance: named in {@code servicePorts}, or its service's port plus 10 per instance before it. */
    public int portOf(ServiceInstance instance) {
        return servicePorts.getOrDefault(instance.name(), portOf(instance.spec()) + 10 * instance.index());
    }

    /** Every instance the stack runs, services in start order, each service's instances together. */
    public java.util.List<ServiceInstance> instances() {
        return ServiceSpec.ALL.stream()
                .flatMap(spec -> java.util.stream.IntStream.range(0, ServiceInstance.isReplicated(spec) ? replicas : 1)
                        .mapToObj(index -> new ServiceInstance(spec, index)))
                .toList();
    }

    /** The same stack with its services on other ports (tests run beside a developer's own stack). */
    public LocalStackSettings withServicePorts(Map<String, Integer> ports) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, ports, serviceEnvironment, external, replicas, classDataCache, serviceJvmExtras);
    }

    /** The same stack with {@code environment} added to every service's environment. */
    public LocalStackSettings withServiceEnvironment(Map<String, String> environment) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, servicePorts, environment, external, replicas, classDataCache, serviceJvmExtras);
    }

    /** The same stack on a PostgreSQL and a Kafka it does not run itself. */
    public LocalStackSettings withExternalInfrastructure(ExternalInfrastructure infrastructure) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, servicePorts, serviceEnvironment, infrastructure, replicas, classDataCache, serviceJvmExtras);
    }

    /** The same stack with {@code count} instances of every service but the gateway. */
    public LocalStackSettings withReplicas(int count) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, serviceJvmArguments, servicePorts, serviceEnvironment, external, count, classDataCache, serviceJvmExtras);
    }

    /** The same stack with its services started with these JVM options. */
    public LocalStackSettings withServiceJvmArguments(List<String> arguments) {
        return new LocalStackSettings(projectDir, dataDir, postgresPort, kafkaPort, kafkaControllerPort, profile,
                gatewaySecret, jwtSecret, arguments, servicePorts, serviceEnvironment, external, replicas, classDataCache, serviceJvmExtras);
    }

    /**
     * C1 only: on two cores shared by six JVMs, full tiered compilation spends about twice the start-up CPU (C2
     * compiling code that runs only while the context starts) and costs more CPU per request than it saves for
     * the first tens of thousands of requests; after that its code is about a tenth cheaper. Measured side by side
     * in docs/benchmarks.md; {@code SERVICE_JAVA_OPTS} without it suits a stack that runs for hours. A heap of
     * 128 MB from the start: a service holds 45 MB once started, and one starting at 64 MB grew its heap with a
     * full collection in its first seconds of traffic, stopping it for 0.1-1 s (docs/benchmarks.md, "The services'
     * first heap").
     */
    static final String DEFAULT_JVM_OPTIONS = "-Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";
    /** Only for tokens minted on this machine by the local profile's /api/v1/dev/tokens. */
    static final String LOCAL_JWT_SECRET = "local-stack-only-hmac-key-do-not-use-anywhere-else-0123456789";

    public static LocalStackSettings from(Path projectDir, Path dataDir, Map<String, String> environment) {
        int offset = portOffset(environment);
        Map<String, Integer> servicePorts = new java.util.HashMap<>();
        ServiceSpec.ALL.forEach(spec -> servicePorts.put(spec.name(), spec.port() + offset));
        return new LocalStackSettings(projectDir.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(),
                integer(environment, "LOCAL_STACK_PG_PORT", 5432 + offset),
                integer(environment, "LOCAL_STACK_KAFKA_PORT", 9092 + offset),
                integer(environment, "LOCAL_STACK_KAFKA_CONTROLLER_PORT", 9093 + offset),
                "local",
                UUID.randomUUID().toString(),
                environment.getOrDefault("JWT_SECRET", LOCAL_JWT_SECRET),
                Arrays.asList(environment.getOrDefault("SERVICE_JAVA_OPTS", DEFAULT_JVM_OPTIONS).trim().split("\\s+")),
                servicePorts, Map.of(), null, integer(environment, "LOCAL_STACK_REPLICAS", 1),
                "off".equalsIgnoreCase(environment.getOrDefault("LOCAL_STACK_CDS", "on").trim()) ? null
                        : projectDir.toAbsolutePath().normalize().resolve(".local-stack").resolve("cds"),
                jvmExtras(environment));
    }

    /** The JVM options of one service's processes: every service's, then its own ({@code SERVICE_JAVA_OPTS_<NAME>}). */
    public List<String> jvmArgumentsOf(ServiceSpec spec) {
        List<String> arguments = new java.util.ArrayList<>(serviceJvmArguments);
        arguments.addAll(serviceJvmExtras.getOrDefault(spec.name(), List.of()));
        return arguments;
    }

    /** The name of the variable with one service's own JVM options: {@code SERVICE_JAVA_OPTS_API_GATEWAY}. */
    static String jvmOptionsVariable(ServiceSpec spec) {
        return "SERVICE_JAVA_OPTS_" + spec.name().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    private static Map<String, List<String>> jvmExtras(Map<String, String> environment) {
        Map<String, List<String>> extras = new java.util.HashMap<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            String options = environment.get(jvmOptionsVariable(spec));
            if (options != null && !options.isBlank()) {
                extras.put(spec.name(), Arrays.asList(options.trim().split("\\s+")));
            }
        }
        return extras;
    }

    /**
     * {@code LOCAL_STACK_PORT_OFFSET} shifts every port of the stack (services, PostgreSQL, Kafka, the control
     * API) by the same amount, so a second stack runs beside the first: offset 100 puts the gateway on 8180.
     */
    public static int portOffset(Map<String, String> environment) {
        return integer(environment, "LOCAL_STACK_PORT_OFFSET", 0);
    }

    private static int integer(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + value);
        }
    }
}
