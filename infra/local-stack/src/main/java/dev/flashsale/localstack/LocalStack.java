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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private final Map<String, ClassDataArchive> archives = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> mappedAtStart = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    private volatile Duration startedIn;

    public LocalStack(LocalStackSettings settings) {
        this.settings = settings;
    }

    /** Starts PostgreSQL, Kafka and every built service, and waits until each says it is ready. */
    public LocalStack start() {
        long begin = System.nanoTime();
        Map<ServiceSpec, Path> jars = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            Optional<Path> jar = jarOf(spec);
            if (jar.isEmpty()) {
                log.warn("{} is not built ({}), so it is not started", spec.name(), expectedJar(spec));
                continue;
            }
            jars.put(spec, jar.get());
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
        jars.forEach((spec, jar) -> services.put(spec.name(), processFor(spec, jar).start()));
        for (String name : services.keySet()) {
            awaitReady(ServiceSpec.named(name));
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
        List<String> mapped = archives.entrySet().stream().filter(e -> mappedAtStart.contains(e.getKey())).map(Map.Entry::getKey).sorted().toList();
        List<String> recorded = archives.keySet().stream().filter(name -> !mappedAtStart.contains(name)).sorted().toList();
        return "class-data archives mapped by " + mapped + ", recorded by " + recorded;
    }

    /** How long {@link #start()} took, from its call until every service was ready; empty before. */
    public Optional<Duration> startedIn() {
        return Optional.ofNullable(startedIn);
    }

    /**
     * The process id of every part that runs now, by name: each service, {@code kafka}, and {@code postgres}
     * (the postmaster, parent of every other PostgreSQL process). For measuring the stack's CPU and memory.
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
        postgres = EmbeddedPostgresServer.startPersistent(settings.dataDir().resolve("postgres"), settings.postgresPort());
        for (ServiceSpec spec : ServiceSpec.ALL) {
            spec.databaseName().ifPresent(postgres::createDatabaseIfMissing);
        }
        log.info("PostgreSQL is up on localhost:{}", settings.postgresPort());
    }

    public void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public void startKafka() {
        if (kafka == null) {
            kafka = KafkaBroker.in(settings.dataDir().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
        }
        kafka.start(Duration.ofMinutes(2));
        log.info("Kafka is up on {}", kafka.bootstrapServers());
    }

    public void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    public void killKafka() {
        if (kafka != null) {
            kafka.process().kill();
        }
    }

    /** The services that were started (their jars existed). */
    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    public JavaProcess service(String name) {
        JavaProcess process = services.get(name);
        if (process == null) {
            throw new IllegalArgumentException(name + " is not part of this stack; running: " + services.keySet());
        }
        return process;
    }

    /** Starts a stopped or killed service again and waits until it is ready. */
    public void startService(String name) {
        service(name).start();
        awaitReady(ServiceSpec.named(name));
        writePids();
    }

    public boolean isReady(ServiceSpec spec) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create(baseUrl(spec) + spec.readinessPath()))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where {@code spec} answers HTTP, e.g. {@code http://localhost:8084}. */
    public String baseUrl(ServiceSpec spec) {
        return "http://localhost:" + settings.portOf(spec);
    }

    public LocalStackSettings settings() {
        return settings;
    }

    public String kafkaBootstrapServers() {
        return "localhost:" + settings.kafkaPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + database;
    }

    /**
     * Stops the gateway (no new requests), then the other services all at once (each gracefully: its consumers,
     * its relay and its last offsets while Kafka and PostgreSQL are still up), then Kafka, then PostgreSQL.
     */
    @Override
    public void close() {
        List<String> reversed = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(reversed);
        if (!reversed.isEmpty()) {
            stopService(reversed.get(0));
        }
        List<Thread> stopping = reversed.stream().skip(1)
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
        stopKafka();
        stopPostgres();
    }

    /**
     * A graceful stop; a service recording its class-data archive gets longer, since it writes the archive (about
     * 100 MB) on its way out, and the archive is kept only if it stopped by itself.
     */
    public void stopService(String name) {
        JavaProcess process = service(name);
        ClassDataArchive archive = archives.get(name);
        boolean recording = archive != null && !archive.exists();
        process.stop(recording ? 180 : 30);
        if (archive != null) {
            process.exitCode().ifPresent(archive::processEnded);
        }
    }

    private void awaitReady(ServiceSpec spec) {
        JavaProcess process = service(spec.name());
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited while starting; see " + process.logFile());
            }
            if (isReady(spec)) {
                log.info("{} is ready on {}", spec.name(), baseUrl(spec));
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException(spec.name() + " was not ready within " + READY_TIMEOUT + "; see " + process.logFile());
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
        List<String> recording = archives.entrySet().stream().filter(e -> !e.getValue().exists()).map(Map.Entry::getKey).sorted().toList();
        if (!recording.isEmpty()) {
            log.info("No class-data archive yet for {}: recorded during this run, written when the stack stops; "
                    + "later starts of the same jars map it", recording);
        }
    }

    private JavaProcess processFor(ServiceSpec spec, Path builtJar) {
        ClassDataArchive archive = archives.get(spec.name());
        List<String> jvmArguments = new ArrayList<>(settings.serviceJvmArguments());
        if (archive != null) {
            jvmArguments.addAll(archive.jvmArguments());
        }
        JavaProcess.Builder builder = JavaProcess.named(spec.name())
                .jar(archive == null ? builtJar : archive.jar())
                .jvmArguments(jvmArguments.toArray(String[]::new))
                .logFile(settings.dataDir().resolve("logs").resolve(spec.name() + ".log"))
                // The stack's demo data is made once through the gateway (DemoData); the services' own seeds of
                // the local profile (for docker-compose) would add a second kim, lee and park beside it.
                .environment("FLASHSALE_BALANCE_DEMODATA", "false")
                .environment("FLASHSALE_COUPON_DEMODATA", "false")
                .environment("FLASHSALE_PRODUCT_DEMODATA", "false")
                .environment(settings.serviceEnvironment())
                .environment("PORT", Integer.toString(settings.portOf(spec)))
                .environment("SPRING_PROFILES_ACTIVE", settings.profile())
                .environment("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers())
                .environment("GATEWAY_SECRET", settings.gatewaySecret())
                .environment("JWT_SECRET", settings.jwtSecret());
        spec.databaseName().ifPresent(database -> builder
                .environment("DB_URL", jdbcUrl(database))
                .environment("DB_USER", EmbeddedPostgresServer.USER)
                .environment("DB_PASSWORD", "postgres"));
        for (ServiceSpec other : ServiceSpec.ALL) {
            String key = other.name().replace("-service", "").replace('-', '_').toUpperCase() + "_SERVICE_URL";
            builder.environment(key, baseUrl(other));
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
