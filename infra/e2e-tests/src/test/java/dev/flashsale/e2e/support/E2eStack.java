package dev.flashsale.e2e.support;

import dev.flashsale.embedded.JavaProcess;
import dev.flashsale.localstack.LocalStack;
import dev.flashsale.localstack.LocalStackSettings;
import dev.flashsale.localstack.ServiceSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole system for the end-to-end tests, started once per test JVM on first use: PostgreSQL, a KRaft broker
 * and every service as its own {@code java -jar} process (the jars under {@code <service>/target}), each on a free
 * port, in the {@code local} profile, with one gateway secret shared by all. PostgreSQL and the broker run
 * in-process by default, or in Testcontainers' containers with {@code -Ptestcontainers} ({@link E2eInfrastructure}). Its directory is
 * {@code infra/e2e-tests/target/e2e-stack/<start time>}; the services' logs stay there after the run, the
 * database and broker data are deleted.
 *
 * <p>Tests share it, so each makes its own users, products and coupons, and a test that stops a service starts it
 * again before it ends ({@link #restartAfter}).
 */
public final class E2eStack implements AutoCloseable {

    /**
     * Three times order-service's production default. Here six services, the broker, PostgreSQL and the tests share
     * two cores, and the JVMs are cold and small: in the 300-order burst of ConcurrentOrdersEndToEndIT
     * ReserveStock waited over 10 s in the queue, and orders that would have completed were cancelled with TIMEOUT. A
     * shorter timeout would only make the tests test the machine; the timeout itself is tested in order-service.
     */
    private static final Duration SAGA_STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RANKING_TIME_LIMIT = Duration.ofMillis(1500);

    /**
     * Set on every service. The gateway's default bucket is raised because one admin creates every test's users,
     * products and coupons; the buckets a flash sale is fought over (order submission, coupon issue, charge) keep
     * their production defaults, and tests stay under them (each user acts for itself).
     */
    private static final Map<String, String> SERVICE_ENVIRONMENT = Map.of(
            "RATE_LIMIT_DEFAULT_PER_SECOND", "1000",
            "ORDER_SAGA_STEP_TIMEOUT", SAGA_STEP_TIMEOUT.toMillis() + "ms",
            "RANKING_SERVICE_TIME_LIMIT", RANKING_TIME_LIMIT.toMillis() + "ms",
            // Shorter than production's (two tries instead of four, a pool that gives up on a connection after 5 s
            // instead of 30 s), so a listener gives a failing message up after about 10 s instead of 2 minutes: the
            // window DatabaseOutageEndToEndIT must outlast stays short, and poison messages reach the .dlq sooner.
            "FLASHSALE_MESSAGING_CONSUMER_MAX_ATTEMPTS", "2",
            // Relaxed binding's environment form drops the dash: ..._CONNECTION_TIMEOUT would name a property
            // "timeout" of the pool's "connection", and binding it calls getConnection() on the pool being built.
            "SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "5000");

    /**
     * Small JVMs: six services, the broker and the tests share two cores in CI. {@code -De2e.service-jvm="..."}
     * replaces them (space-separated), e.g. for a benchmark with the JVMs' default compilers and collectors.
     */
    private static final List<String> SERVICE_JVM = List.of(System.getProperty("e2e.service-jvm",
            "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError").trim().split("\\s+"));

    private static E2eStack shared;
    private static RuntimeException sharedFailure;

    private final LocalStack stack;
    private final Path directory;
    private final Optional<E2eInfrastructure.Containers> containers;
    private volatile boolean closed;

    private E2eStack(LocalStack stack, Path directory, Optional<E2eInfrastructure.Containers> containers) {
        this.stack = stack;
        this.directory = directory;
        this.containers = containers;
    }

    /**
     * The stack the tests of this JVM share, started on first call: one instance of every service. If it could not
     * start, every later call fails at once with that first failure instead of starting another.
     */
    public static synchronized E2eStack get() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared end-to-end stack did not start", sharedFailure);
        }
        if (shared == null || shared.closed) {
            try {
                shared = start(1);
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * A stack of its own with {@code replicas} instances of every service but the gateway, which spreads its calls
     * over them. Heavy (eleven JVMs for two replicas): the shared stack is stopped first, so the two never compete
     * for the machine (the next {@link #get} starts it again).
     */
    public static synchronized E2eStack withReplicas(int replicas) {
        if (shared != null) {
            shared.close();
        }
        return start(replicas);
    }

    /** The instances of a service, e.g. {@code order-service} and {@code order-service-2}; each is a name for {@link #url}. */
    public List<String> instancesOf(String service) {
        return stack.instancesOf(service);
    }

    /** Whether an instance answers its readiness probe with 200. */
    public boolean isReady(String instance) {
        return stack.isReady(instance);
    }

    public String gatewayUrl() {
        return url("api-gateway");
    }

    /**
     * Where a service (its first instance) or one instance answers directly, without the gateway: it refuses such
     * calls unless they carry a caller identity signed with the gateway secret.
     */
    public String url(String service) {
        return stack.baseUrl(service);
    }

    public String kafkaBootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    public String gatewaySecret() {
        return stack.settings().gatewaySecret();
    }

    /** The HMAC key the gateway checks tokens with. */
    public String jwtSecret() {
        return stack.settings().jwtSecret();
    }

    public String jdbcUrl(String database) {
        return stack.jdbcUrl(database);
    }

    /** The PostgreSQL user the services connect as; it may create databases, slots and publications. */
    public String databaseUser() {
        return stack.databaseUser();
    }

    public String databasePassword() {
        return stack.databasePassword();
    }

    /** Creates {@code database} on the stack's PostgreSQL server if it is not there; returns its JDBC URL. */
    public String database(String database) {
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), databaseUser(), databasePassword());
             var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
            return jdbcUrl(database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
    }

    /** How long order-service waits for a participant's answer. */
    public Duration sagaStepTimeout() {
        return SAGA_STEP_TIMEOUT;
    }

    /** How long the gateway waits for ranking-service before answering 503. */
    public Duration rankingTimeLimit() {
        return RANKING_TIME_LIMIT;
    }

    /** The operating system's id of the service's process, e.g. to read its CPU time. */
    public long pid(String service) {
        return stack.service(service).pid();
    }

    public Path logOf(String service) {
        return stack.service(service).logFile();
    }

    /** SIGKILL, as in a crash. */
    public void kill(String service) {
        stack.service(service).kill();
    }

    /** SIGTERM, waiting for a graceful stop. */
    public void stop(String service) {
        stack.service(service).stop(30);
    }

    /** Starts a stopped or killed service and waits until it reports ready. */
    public void start(String service) {
        stack.startService(service);
    }

    /** Stops the stack's PostgreSQL server (every service's database) and waits until it is gone. */
    public void stopPostgres() {
        stack.stopPostgres();
    }

    /** Starts the stack's PostgreSQL server again, on its port, with its data. */
    public void startPostgres() {
        stack.startPostgres();
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing, like a service stuck in a long pause. */
    public void pause(String service) {
        signal(service, "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume(String service) {
        signal(service, "CONT");
    }

    /**
     * Runs {@code action} and makes sure {@code service} is running and ready again afterwards, whatever the
     * action did to it, so the next test finds the whole stack up.
     */
    public void restartAfter(String service, ThrowingRunnable action) throws Exception {
        try {
            action.run();
        } finally {
            JavaProcess process = stack.service(service);
            signal(service, "CONT");
            if (!process.isAlive()) {
                stack.startService(service);
            }
        }
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void signal(String service, String signal) {
        JavaProcess process = stack.service(service);
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static E2eStack start(int replicas) {
        Path projectDir = projectDir();
        Path directory = projectDir.resolve("infra/e2e-tests/target/e2e-stack")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                        + (replicas > 1 ? "-replicas" : ""));
        FreePorts free = new FreePorts();
        LocalStackSettings settings = new LocalStackSettings(copyJars(projectDir, directory.resolve("jars")), directory,
                free.next(), free.next(), free.next(),
                "local", UUID.randomUUID().toString(), "e2e-only-hmac-key-" + UUID.randomUUID(), SERVICE_JVM, Map.of(),
                SERVICE_ENVIRONMENT).withReplicas(replicas);
        Map<String, Integer> ports = new HashMap<>();
        settings.instances().forEach(instance -> ports.put(instance.name(), free.next()));
        settings = settings.withServicePorts(ports);
        Optional<E2eInfrastructure.Containers> containers = E2eInfrastructure.startContainers();
        if (containers.isPresent()) {
            settings = settings.withExternalInfrastructure(containers.get().infrastructure());
        }
        LocalStack stack = new LocalStack(settings);
        E2eStack e2e = new E2eStack(stack, directory, containers);
        Runtime.getRuntime().addShutdownHook(new Thread(e2e::shutDown, "stop-e2e-stack"));
        Instant started = Instant.now();
        try {
            stack.start();
        } catch (RuntimeException e) {
            // What did start must not keep burning the machine the remaining tests run on.
            e2e.shutDown();
            throw e;
        }
        System.out.printf("e2e stack up in %d s: gateway %s, logs in %s%n",
                Duration.between(started, Instant.now()).toSeconds(), e2e.gatewayUrl(), directory.resolve("logs"));
        return e2e;
    }

    /** Stops a stack of {@link #withReplicas}: every process at once, its data thrown away, its logs kept. */
    @Override
    public void close() {
        shutDown();
    }

    /** The data is thrown away, so nothing needs a graceful stop; the logs are kept for a look after a failure. */
    private synchronized void shutDown() {
        if (closed) {
            return;
        }
        closed = true;
        for (String name : stack.serviceNames()) {
            stack.service(name).kill();
        }
        if (containers.isPresent()) {
            containers.get().close();
        } else {
            stack.killKafka();
            stack.stopPostgres();
        }
        deleteQuietly(directory.resolve("postgres"));
        deleteQuietly(directory.resolve("kafka").resolve("data"));
        deleteQuietly(directory.resolve("jars"));
    }

    /**
     * Copies every service's jar into {@code into/<service>/target}, the layout {@link LocalStack} looks in, and
     * returns {@code into}. The stack runs the copies, so a module rebuilt while the tests run (another build on
     * the same working tree) cannot pull a jar from under a running or restarting service.
     */
    private static Path copyJars(Path projectDir, Path into) {
        for (ServiceSpec spec : ServiceSpec.ALL) {
            Path target = projectDir.resolve(spec.name()).resolve("target");
            Path jar = findJar(target, spec.name());
            Path copy = into.resolve(spec.name()).resolve("target").resolve(jar.getFileName());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (true) {
                try {
                    Files.createDirectories(copy.getParent());
                    Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    try (var zip = new java.util.zip.ZipFile(copy.toFile())) {
                        if (zip.getEntry("META-INF/MANIFEST.MF") != null) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new UncheckedIOException(jar + " stayed unreadable (is it being rebuilt?)", e);
                    }
                }
                Shop.pause(Duration.ofSeconds(2));
                jar = findJar(target, spec.name());
            }
        }
        return into;
    }

    private static Path findJar(Path target, String service) {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().startsWith(service)
                            && file.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(service + " is not built: no " + service
                            + "-<version>-exec.jar in " + target + "; run `mvn -o package -DskipTests` for it"));
        } catch (IOException e) {
            throw new IllegalStateException(service + " is not built: " + target + " is missing", e);
        }
    }

    private static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/e2e-tests/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run the end-to-end tests from inside the repository");
        }
        return dir;
    }

    /** Ports free right now, each handed out once. */
    private static final class FreePorts {
        private final java.util.Set<Integer> taken = new java.util.HashSet<>();

        int next() {
            while (true) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    if (taken.add(socket.getLocalPort())) {
                        return socket.getLocalPort();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // Under target/: the next clean takes whatever is left.
        }
    }
}
