package dev.flashsale.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from embedded binaries, configured for what every service needs:
 * logical decoding for the Debezium outbox relay ({@code wal_level=logical}, room for one replication
 * slot per service database) and synchronous commit, so a committed outbox row reaches the relay in
 * milliseconds instead of at the WAL writer's next 200 ms tick.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** How long a stop may take: a fast shutdown still writes a checkpoint, with fsync, before it ends. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** A throw-away server on a free port whose data is deleted when it stops: for tests. */
    public static EmbeddedPostgresServer startEphemeral() {
        return start(null, EmbeddedPostgres.builder()
                .setPort(0)
                // Tests never survive a power cut; skipping fsync halves their run time.
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off"));
    }

    /**
     * A server whose data lives in {@code dataDirectory} and survives a restart: for the local stack.
     * An existing data directory is reused as it is.
     */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        return start(dataDirectory, EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                // Its owner stops it after the services that use it; the library's own shutdown hook would stop
                // it at the same time as them, and they would spend their graceful stop retrying a closed server.
                .setRegisterShutdownHook(false)
                // The embedded binaries start with -F (no fsync); data that must survive a crash needs it back.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on"));
    }

    private static EmbeddedPostgresServer start(Path dataDirectory, EmbeddedPostgres.Builder builder) {
        try {
            return new EmbeddedPostgresServer(builder
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "64")
                    .setServerConfig("max_wal_senders", "64")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("shared_buffers", "128MB")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /**
     * The postmaster's process id, read from its {@code postmaster.pid}: every other PostgreSQL process (backends,
     * WAL writer, WAL senders of the relays) is its child. Known for a persistent server only.
     */
    public OptionalLong postmasterPid() {
        if (dataDirectory == null) {
            return OptionalLong.empty();
        }
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException unreadable) {
            return OptionalLong.empty();
        }
    }

    /** The maintenance database, for creating and inspecting the others. */
    public DataSource adminDataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Creates {@code database} unless it exists; returns its JDBC URL. */
    public String createDatabaseIfMissing(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = adminDataSource().getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, database);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
        return jdbcUrl(database);
    }

    /**
     * Stops the server and, for a persistent one, returns only once its postmaster has exited. The library waits
     * 5 s for {@code pg_ctl stop -m fast}; under load the shutdown checkpoint takes longer, the library gives up
     * (it logs "Could not stop postmaster") while the server goes on stopping, and a start in that moment fails.
     */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
        if (dataDirectory != null) {
            awaitPostmasterExit(dataDirectory, STOP_TIMEOUT);
        }
    }

    /** Waits while {@code postmaster.pid} names a live process (a file left by a crash names a dead one). */
    static void awaitPostmasterExit(Path dataDirectory, Duration timeout) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (postmasterAlive(pidFile)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL in " + dataDirectory + " has not stopped after " + timeout);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while PostgreSQL stops", e);
            }
        }
    }

    private static boolean postmasterAlive(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .map(ProcessHandle::isAlive).orElse(false);
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException | NumberFormatException unreadable) {
            // being written or removed right now: look again
            return true;
        }
    }
}
