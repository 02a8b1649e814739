package dev.flashsale.localstack;

import dev.flashsale.embedded.EmbeddedPostgresServer;
import dev.flashsale.embedded.JavaProcess;
import dev.flashsale.embedded.KafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The whole system on one machine, each part its own process: PostgreSQL (embedded binaries, data in
 * {@code <data-dir>/postgres}), a KRaft Kafka broker (data in {@code <data-dir>/kafka}) and every
 * service found built under the project directory. Each part can be killed, stopped and started
 * again on its own, which is what failure-injection runs do.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final LocalStackSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, JavaProcess> services = new LinkedHashMap<>();
    private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();
    /** By service (every instance of a service runs the same jar). */
    private final Map<String, ClassDataArchive> archives = new ConcurrentHashMap<>();
    private final Set<String> mappedAtStart = ConcurrentHashMap.newKeySet();
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    private volatile Duration startedIn;

    public LocalStack(LocalStackSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts PostgreSQL, Kafka and every instance of every built service, and waits until each says it is ready. With
     * replicas, the first instances start (and get ready) before the second ones: on two cores eleven JVMs starting
     * at once each take longer than the wait for one allows.
     */
    public LocalStack start() {
        long begin = System.nanoTime();
        Map<ServiceSpec, Path> jars = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            jarOf(spec).ifPresent(jar -> jars.put(spec, jar));
        }
        // The broker needs nothing of PostgreSQL, and extracting jars nothing of either: on two cores, the three
        // overlap the waits of each other (initdb's fsyncs, the broker's first metadata round).
        CompletableFuture<Void> broker = CompletableFuture.runAsync(this::startKafka);
        CompletableFuture<Void> classData = CompletableFuture.runAsync(() -> prepareClassData(jars));
        RuntimeException failure = null;
        try {
            startPostgres();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Void> step : List.of(broker, classData)) {
            try {
                step.join();
            } catch (CompletionException e) {
                failure = failure != null ? failure
                        : e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            }
        }
        if (failure != null) {
            throw failure;
        }
        int waves = settings.instances().stream().mapToInt(ServiceInstance::index).max().orElse(0) + 1;
        for (int wave = 0; wave < waves; wave++) {
            List<String> started = new ArrayList<>();
            for (ServiceInstance instance : settings.instances()) {
                if (instance.index() != wave) {
                    continue;
                }
                Path jar = jars.get(instance.spec());
                if (jar == null) {
                    log.warn("{} is not built ({}), so it is not started", instance.name(), expectedJar(instance.spec()));
                    continue;
                }
                instances.put(instance.name(), instance);
                services.put(instance.name(), processFor(instance, jar).start());
                started.add(instance.name());
            }
            started.forEach(this::awaitReady);
        }
        startedIn = Duration.ofNanos(System.nanoTime() - begin);
        writePids();
        return this;
    }

    /** Which services started from their class-data archive and which recorded one, for the start-up report. */
    public String classDataSummary() {
        if (archives.isEmpty()) {
            return "no class-data archives";
        }
        List<String> mapped = archives.keySet().stream().filter(mappedAtStart::contains).sorted().toList();
        List<String> recorded = archives.keySet().stream().filter(name -> !mappedAtStart.contains(name)).sorted().toList();
        return "class-data archives mapped by " + mapped + ", recorded by " + recorded;
    }

    /** How long {@link #start()} took, from its call until every service was ready; empty before. */
    public Optional<Duration> startedIn() {
        return Optional.ofNullable(startedIn);
    }

    /**
     * The process id of every part that runs now, by name: each service instance, {@code kafka}, and
     * {@code postgres} (the postmaster, parent of every other PostgreSQL process). For measuring the stack's CPU
     * and memory.
     */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (postgres != null) {
            postgres.postmasterPid().ifPresent(pid -> pids.put("postgres", pid));
        }
        if (kafka != null && kafka.process().isAlive()) {
            pids.put("kafka", kafka.process().pid());
        }
        services.forEach((name, process) -> {
            if (process.isAlive()) {
                pids.put(name, process.pid());
            }
        });
        return pids;
    }

    public void startPostgres() {
        if (settings.external() != null) {
            ServiceSpec.ALL.forEach(spec -> spec.databaseName().ifPresent(this::createExternalDatabaseIfMissing));
            log.info("Using PostgreSQL on {}:{}", settings.external().postgresHost(), settings.external().postgresPort());
            return;
        }
        postgres = EmbeddedPostgresServer.startPersistent(settings.dataDir().resolve("postgres"), settings.postgresPort());
        for (ServiceSpec spec : ServiceSpec.ALL) {
            spec.databaseName().ifPresent(postgres::createDatabaseIfMissing);
        }
        log.info("PostgreSQL is up on localhost:{}", settings.postgresPort());
    }

    public void stopPostgres() {
        requireOwnInfrastructure("stop PostgreSQL");
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public void startKafka() {
        if (settings.external() != null) {
            log.info("Using Kafka on {}", settings.external().kafkaBootstrapServers());
            return;
        }
        if (kafka == null) {
            kafka = KafkaBroker.in(settings.dataDir().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
        }
        kafka.start(Duration.ofMinutes(2));
        log.info("Kafka is up on {}", kafka.bootstrapServers());
    }

    public void stopKafka() {
        requireOwnInfrastructure("stop Kafka");
        if (kafka != null) {
            kafka.stop();
        }
    }

    public void killKafka() {
        requireOwnInfrastructure("kill Kafka");
        if (kafka != null) {
            kafka.process().kill();
        }
    }

    /** The service instances that were started (their jars existed): {@code order-service}, {@code order-service-2}, ... */
    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    /** The started instances of one service, by name, the first one first. */
    public List<String> instancesOf(String service) {
        return instances.values().stream().filter(instance -> instance.spec().name().equals(service))
                .map(ServiceInstance::name).toList();
    }

    public JavaProcess service(String name) {
        JavaProcess process = services.get(name);
        if (process == null) {
            throw new IllegalArgumentException(name + " is not part of this stack; running: " + services.keySet());
        }
        return process;
    }

    /** Starts a stopped or killed service instance again and waits until it is ready. */
    public void startService(String name) {
        service(name).start();
        awaitReady(name);
        writePids();
    }

    /** Whether {@code spec}'s first instance is ready. */
    public boolean isReady(ServiceSpec spec) {
        return isReady(spec.name());
    }

    /** Whether the instance {@code name} answers its readiness probe with 200. */
    public boolean isReady(String name) {
        ServiceInstance instance = instance(name);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create(baseUrl(name) + instance.spec().readinessPath()))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where {@code spec}'s first instance answers HTTP, e.g. {@code http://localhost:8084}. */
    public String baseUrl(ServiceSpec spec) {
        return "http://localhost:" + settings.portOf(spec);
    }

    /** Where the instance {@code name} answers HTTP, e.g. {@code http://localhost:8094} for order-service-2. */
    public String baseUrl(String name) {
        return "http://localhost:" + settings.portOf(instance(name));
    }

    /** Every instance's base URL of {@code spec}, as the gateway gets them. */
    public List<String> baseUrls(ServiceSpec spec) {
        return settings.instances().stream().filter(instance -> instance.spec().equals(spec))
                .map(instance -> "http://localhost:" + settings.portOf(instance)).toList();
    }

    public LocalStackSettings settings() {
        return settings;
    }

    public String kafkaBootstrapServers() {
        return settings.external() != null ? settings.external().kafkaBootstrapServers() : "localhost:" + settings.kafkaPort();
    }

    public String jdbcUrl(String database) {
        return settings.external() != null
                ? "jdbc:postgresql://" + settings.external().postgresHost() + ":" + settings.external().postgresPort() + "/" + database
                : "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + database;
    }

    /** The PostgreSQL user the services connect as (one that may create slots and publications). */
    public String databaseUser() {
        return settings.external() != null ? settings.external().user() : EmbeddedPostgresServer.USER;
    }

    public String databasePassword() {
        return settings.external() != null ? settings.external().password() : "postgres";
    }

    /**
     * Stops the gateway (no new requests), then the other services all at once (each gracefully: its consumers,
     * its relay and its last offsets while Kafka and PostgreSQL are still up), then Kafka, then PostgreSQL.
     */
    @Override
    public void close() {
        List<String> gateways = instances.values().stream().filter(instance -> !ServiceInstance.isReplicated(instance.spec()))
                .map(ServiceInstance::name).toList();
        gateways.forEach(this::stopService);
        List<Thread> stopping = services.keySet().stream().filter(name -> !gateways.contains(name))
                .map(name -> {
                    Thread thread = new Thread(() -> stopService(name), "stop-" + name);
                    thread.start();
                    return thread;
                })
                .toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (settings.external() == null) {
            stopKafka();
            stopPostgres();
        }
    }

    /**
     * A graceful stop; an instance recording its service's class-data archive gets longer, since it writes the
     * archive (about 100 MB) on its way out, and the archive is kept only if it stopped by itself.
     */
    public void stopService(String name) {
        JavaProcess process = service(name);
        ClassDataArchive archive = recordingArchiveOf(name);
        process.stop(archive != null ? 180 : 30);
        if (archive != null) {
            process.exitCode().ifPresent(archive::processEnded);
        }
    }

    /** The archive this instance records, if it is its service's first instance and the archive did not exist. */
    private ClassDataArchive recordingArchiveOf(String name) {
        ServiceInstance instance = instance(name);
        ClassDataArchive archive = archives.get(instance.spec().name());
        return archive != null && instance.index() == 0 && !mappedAtStart.contains(instance.spec().name()) ? archive : null;
    }

    /**
     * Each service's class-data archive, extracting the jars that changed since the last start (a few seconds each,
     * in parallel, while nothing else runs yet).
     */
    private void prepareClassData(Map<ServiceSpec, Path> jars) {
        if (settings.classDataCache() == null) {
            return;
        }
        jars.entrySet().parallelStream().forEach(entry -> archives.put(entry.getKey().name(),
                ClassDataArchive.prepare(settings.classDataCache(), entry.getKey().name(), entry.getValue())));
        archives.forEach((name, archive) -> {
            if (archive.exists()) {
                mappedAtStart.add(name);
            }
        });
        List<String> recording = archives.keySet().stream().filter(name -> !mappedAtStart.contains(name)).sorted().toList();
        if (!recording.isEmpty()) {
            log.info("No class-data archive yet for {}: recorded during this run, written when the stack stops; "
                    + "later starts of the same jars map it", recording);
        }
    }

    private void createExternalDatabaseIfMissing(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), databaseUser(), databasePassword());
             Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on " + jdbcUrl("postgres"), e);
        }
    }

    private void requireOwnInfrastructure(String what) {
        if (settings.external() != null) {
            throw new UnsupportedOperationException("cannot " + what + ": this stack uses PostgreSQL and Kafka it does not run");
        }
    }

    private ServiceInstance instance(String name) {
        ServiceInstance instance = instances.get(name);
        if (instance != null) {
            return instance;
        }
        return settings.instances().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " is not an instance of this stack; known: "
                        + settings.instances().stream().map(ServiceInstance::name).toList()));
    }

    private void awaitReady(String name) {
        JavaProcess process = service(name);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting; see " + process.logFile());
            }
            if (isReady(name)) {
                log.info("{} is ready on {}", name, baseUrl(name));
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + "; see " + process.logFile());
    }

    private JavaProcess processFor(ServiceInstance instance, Path builtJar) {
        ServiceSpec spec = instance.spec();
        ClassDataArchive archive = archives.get(spec.name());
        List<String> jvmArguments = settings.jvmArgumentsOf(spec);
        // The first instance maps the archive or records it; a second one only maps an archive that exists.
        boolean useArchive = archive != null && (instance.index() == 0 || mappedAtStart.contains(spec.name()));
        if (useArchive) {
            jvmArguments.addAll(archive.jvmArguments());
        }
        JavaProcess.Builder builder = JavaProcess.named(instance.name())
                .jar(archive != null ? archive.jar() : builtJar)
                .jvmArguments(jvmArguments.toArray(String[]::new))
                .logFile(settings.dataDir().resolve("logs").resolve(instance.name() + ".log"))
                .environment(settings.serviceEnvironment())
                .environment("PORT", Integer.toString(settings.portOf(instance)))
                .environment("SPRING_PROFILES_ACTIVE", settings.profile())
                .environment("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers())
                // One local broker: one copy of each topic, a write acknowledged by it alone.
                .environment("KAFKA_TOPIC_REPLICATION_FACTOR", "1")
                .environment("KAFKA_TOPIC_MIN_INSYNC_REPLICAS", "1")
                .environment("GATEWAY_SECRET", settings.gatewaySecret())
                .environment("JWT_SECRET", settings.jwtSecret());
        spec.databaseName().ifPresent(database -> builder
                .environment("DB_URL", jdbcUrl(database))
                .environment("DB_USER", databaseUser())
                .environment("DB_PASSWORD", databasePassword()));
        for (ServiceSpec other : ServiceSpec.ALL) {
            String key = other.name().replace("-service", "").replace('-', '_').toUpperCase() + "_SERVICE_URL";
            builder.environment(key, String.join(",", baseUrls(other)));
        }
        return builder.build();
    }

    private Optional<Path> jarOf(ServiceSpec spec) {
        Path target = settings.projectDir().resolve(spec.name()).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().startsWith(spec.name())
                            && file.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path expectedJar(ServiceSpec spec) {
        return settings.projectDir().resolve(spec.name()).resolve("target").resolve(spec.name() + "-<version>-exec.jar");
    }

    /** One line per process, for scripts that kill a part by hand: {@code <name> <pid>}. */
    private void writePids() {
        StringBuilder lines = new StringBuilder();
        processIds().forEach((name, pid) -> lines.append(name).append(' ').append(pid).append('\n'));
        try {
            Files.writeString(settings.dataDir().resolve("pids"), lines);
        } catch (IOException e) {
            log.warn("Could not write {}", settings.dataDir().resolve("pids"), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
