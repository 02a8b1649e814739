package dev.flashsale.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller) running as its own process
 * from the classes on this JVM's classpath, with its log directory kept on disk: stop it, kill it,
 * start it again, and it comes back with its topics and committed offsets.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final JavaProcess process;

    private KafkaBroker(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = JavaProcess.named("kafka")
                .mainClass("kafka.Kafka", System.getProperty("java.class.path"))
                // A few thousand small messages a second keep little on the heap (the log lives in the page cache):
                // 256 MB and the serial collector use about 90 MB less than 512 MB with the parallel one (docs/benchmarks.md).
                // C1 only, like the services: minutes after its start, C2 compiling the broker was half of its CPU while
                // orders flowed (docs/benchmarks.md, "Where the CPU of an order goes").
                .jvmArguments("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Djava.awt.headless=true")
                // Kafka's own variable for more JVM options, after these (so -XX:TieredStopAtLevel=4 brings C2 back).
                .jvmArguments(extraJvmArguments())
                .arguments(directory.resolve("server.properties").toString())
                .logFile(directory.resolve("kafka.log"))
                .build();
    }

    private static String[] extraJvmArguments() {
        String options = System.getenv().getOrDefault("KAFKA_OPTS", "").trim();
        return options.isEmpty() ? new String[0] : options.split("\\s+");
    }

    /** Prepares {@code directory} (formats the log directory on first use); call {@link #start()} next. */
    public static KafkaBroker in(Path directory, int port, int controllerPort) {
        KafkaBroker broker = new KafkaBroker(directory.toAbsolutePath(), port, controllerPort);
        broker.prepare();
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public JavaProcess process() {
        return process;
    }

    /** Starts the broker and waits until it answers a metadata request. */
    public KafkaBroker start(Duration timeout) {
        process.start();
        awaitReady(timeout);
        return this;
    }

    public void stop() {
        process.stop(60);
    }

    @Override
    public void close() {
        stop();
    }

    private void prepare() {
        try {
            Files.createDirectories(directory.resolve("data"));
            Files.writeString(directory.resolve("server.properties"), serverProperties());
            Path clusterIdFile = directory.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
            }
            if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                format(Files.readString(clusterIdFile).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the broker directory " + directory, e);
        }
    }

    private void format(String clusterId) {
        JavaProcess formatter = JavaProcess.named("kafka-storage-format")
                .mainClass("kafka.tools.StorageTool", System.getProperty("java.class.path"))
                .arguments("format", "-t", clusterId, "-c", directory.resolve("server.properties").toString(),
                        "--ignore-formatted")
                .logFile(directory.resolve("kafka-format.log"))
                .build()
                .start();
        Instant deadline = Instant.now().plusSeconds(120);
        while (formatter.isAlive() && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        if (formatter.isAlive()) {
            formatter.kill();
            throw new IllegalStateException("formatting the Kafka log directory took too long; see "
                    + formatter.logFile());
        }
        if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
            throw new IllegalStateException("formatting the Kafka log directory failed; see " + formatter.logFile());
        }
    }

    private String serverProperties() {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // The controller writes a no-op record to the metadata log every 500 ms by default, so that in a quorum of
                // several controllers the others can tell a live leader from a dead one. This broker is its own and only
                // controller, so nobody needs them; without them an idle broker writes nothing. (Its effect on the idle
                // stack's CPU was within the noise of row 7a: the consumers' idle fetches were the cost, see MessagingDefaults.)
                "metadata.max.idle.interval.ms=0",
                // The log cleaner (it compacts __consumer_offsets) keeps its map of keys on the heap, 128 MiB by default:
                // half of this broker's 256 MB for good, so a full collection came every few seconds under load, each
                // stopping the broker for 80-390 ms (docs/benchmarks.md, row 7b). 16 MiB maps the keys of about 600,000
                // records per cleaning pass; this broker's compacted topics hold thousands.
                "log.cleaner.dedupe.buffer.size=16777216",
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                "");
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited while starting; see " + process.logFile());
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = e;
                    sleep(200);
                }
            }
        }
        throw new IllegalStateException("the Kafka broker did not answer within " + timeout
                + "; see " + process.logFile(), last);
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
