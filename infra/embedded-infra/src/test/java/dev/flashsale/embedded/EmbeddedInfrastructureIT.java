package dev.flashsale.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EmbeddedInfrastructureIT {

    /** A generation in {@code jcmd <pid> GC.heap_info} of the serial collector: "tenured generation total 21888K, used 8236K". */
    private static final Pattern GENERATION_USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    @TempDir
    Path directory;

    @Test
    void postgresKeepsItsDataAcrossAStopAndStart() throws Exception {
        int port = freePort();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startPersistent(directory.resolve("pg"), port)) {
            String url = server.createDatabaseIfMissing("shop");
            try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id int primary key)");
                statement.execute("INSERT INTO kept VALUES (42)");
                try (ResultSet walLevel = statement.executeQuery("SHOW wal_level")) {
                    walLevel.next();
                    assertThat(walLevel.getString(1)).isEqualTo("logical");
                }
            }
        }

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startPersistent(directory.resolve("pg"), port)) {
            String url = server.createDatabaseIfMissing("shop");
            try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aStopReturnsOnlyOnceThePostmasterHasExitedAndAStaleLockFileDoesNotHoldItUp() throws Exception {
        Path data = directory.resolve("pid");
        Files.createDirectories(data);
        Path pidFile = data.resolve("postmaster.pid");

        // a live process named in postmaster.pid: still stopping
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n" + data + "\n");
        assertThatThrownBy(() -> EmbeddedPostgresServer.awaitPostmasterExit(data, java.time.Duration.ofMillis(500)))
                .hasMessageContaining("has not stopped");

        // a file left by a crash names a process that is gone: stopped
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(pidFile, gone.pid() + "\n" + data + "\n");
        EmbeddedPostgresServer.awaitPostmasterExit(data, java.time.Duration.ofMillis(500));

        Files.delete(pidFile);
        EmbeddedPostgresServer.awaitPostmasterExit(data, java.time.Duration.ofMillis(500));
    }

    @Test
    void theBrokerProcessKeepsItsTopicsAcrossARestart() throws Exception {
        KafkaBroker broker = KafkaBroker.in(directory.resolve("kafka"), freePort(), freePort());
        try {
            broker.start(Duration.ofSeconds(90));
            send(broker.bootstrapServers(), "kept", "before restart");
            broker.stop();
            assertThat(broker.process().isAlive()).isFalse();

            broker.start(Duration.ofSeconds(90));
            assertThat(readAll(broker.bootstrapServers(), "kept")).containsExactly("before restart");
        } finally {
            broker.stop();
        }
    }

    @Test
    void theBrokerKeepsLittleOnItsHeap() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        assumeTrue(Files.isExecutable(jcmd), "jcmd comes with a JDK; this JVM has none");
        KafkaBroker broker = KafkaBroker.in(directory.resolve("kafka-heap"), freePort(), freePort());
        try {
            broker.start(Duration.ofSeconds(90));
            // a record read by a consumer group, whose committed offset goes to the topic the log cleaner compacts
            send(broker.bootstrapServers(), "heap", "v");
            assertThat(readAll(broker.bootstrapServers(), "heap")).containsExactly("v");

            jcmd(jcmd, broker.process().pid(), "GC.run");
            String heap = jcmd(jcmd, broker.process().pid(), "GC.heap_info");
            Matcher used = GENERATION_USED.matcher(heap);
            long usedKib = 0;
            int generations = 0;
            while (used.find()) {
                usedKib += Long.parseLong(used.group(1));
                generations++;
            }
            assertThat(generations).as("the serial collector's two generations in:%n%s", heap).isEqualTo(2);
            // Live after a full collection: about 32 MiB of the broker's own plus the log cleaner's map of keys, 48 MiB
            // with a 16 MiB map; 160 MiB with Kafka's default of 128, which left the 256 MB heap collecting in full
            // every few seconds.
            assertThat(usedKib).as("KiB live on the broker's heap").isLessThan(96 * 1024);
        } finally {
            broker.stop();
        }
    }

    private static String jcmd(Path jcmd, long pid, String command) throws Exception {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("jcmd %s:%n%s", command, output).isZero();
        return output;
    }

    private static void send(String bootstrapServers, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }
    }

    private static List<String> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
