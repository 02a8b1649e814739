package dev.flashsale.loadtest.perf;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What each service's database did between two samples, from PostgreSQL's own counters ({@code pg_stat_database}):
 * transactions committed (a statement outside a transaction is one), rows written (inserted, updated, deleted) and
 * rows read (returned by scans). Row 4 prints them per order: the CPU lines say where the time went on a shared
 * machine, these count the work itself, and two runs of the same build give the same counts.
 *
 * <p>A backend hands its counters over when it goes idle, at most once a second; one that handed them over less than
 * a second before keeps them until it is idle for 10 s (PostgreSQL's {@code PGSTAT_IDLE_INTERVAL}). A sample first
 * waits that out ({@link #SETTLE}), so that everything done before it is in it.
 */
final class DatabaseActivity {

    /** The databases of the services an order goes through, in the order it meets them. */
    static final List<String> SAGA_DATABASES = List.of("orders", "product", "coupon", "balance", "ranking");

    /** PostgreSQL's {@code PGSTAT_IDLE_INTERVAL} (10 s), and a little. */
    static final Duration SETTLE = Duration.ofSeconds(11);
    private static final String COUNTS = """
            SELECT datname, xact_commit, tup_inserted + tup_updated + tup_deleted, tup_returned
            FROM pg_stat_database WHERE datname = ANY (?)""";

    private final String jdbcUrl;
    private final List<String> databases;
    private final Duration settle;

    /** {@code jdbcUrl}: any database of the server; the counters of every database are read through it. */
    DatabaseActivity(String jdbcUrl, List<String> databases) {
        this(jdbcUrl, databases, SETTLE);
    }

    DatabaseActivity(String jdbcUrl, List<String> databases, Duration settle) {
        this.jdbcUrl = jdbcUrl;
        this.databases = List.copyOf(databases);
        this.settle = settle;
    }

    /** One database's counters so far, or between two samples. */
    record Counts(long commits, long written, long read) {

        static final Counts NONE = new Counts(0, 0, 0);

        Counts minus(Counts earlier) {
            return new Counts(commits - earlier.commits, written - earlier.written, read - earlier.read);
        }

        Counts plus(Counts more) {
            return new Counts(commits + more.commits, written + more.written, read + more.read);
        }
    }

    /** The counters of every database, in the order given, once every backend has handed over what it did so far. */
    Map<String, Counts> sample() {
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database counters", e);
        }
        Map<String, Counts> read = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement statement = connection.prepareStatement(COUNTS)) {
            Array names = connection.createArrayOf("text", databases.toArray());
            statement.setArray(1, names);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    read.put(rows.getString(1), new Counts(rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_stat_database", e);
        }
        Map<String, Counts> ordered = new LinkedHashMap<>();
        databases.forEach(database -> ordered.put(database, read.getOrDefault(database, Counts.NONE)));
        return ordered;
    }

    /**
     * {@code orders 3.8 transactions, 14.7 rows written, 118 read; product ...} per {@code unit}: what each database
     * did between {@code before} and {@code after}, divided by {@code units}.
     */
    static String perUnit(Map<String, Counts> before, Map<String, Counts> after, long units, String unit) {
        if (units <= 0) {
            return "no " + unit + " to divide by";
        }
        StringJoiner line = new StringJoiner("; ", "per " + unit + ": ", "");
        Counts total = Counts.NONE;
        for (Map.Entry<String, Counts> database : after.entrySet()) {
            Counts did = database.getValue().minus(before.getOrDefault(database.getKey(), Counts.NONE));
            total = total.plus(did);
            line.add(describe(database.getKey(), did, units));
        }
        line.add(describe("all", total, units));
        return line.toString();
    }

    private static String describe(String database, Counts did, long units) {
        return String.format(Locale.ROOT, "%s %.1f transactions, %.1f rows written, %.0f read", database,
                (double) did.commits / units, (double) did.written / units, (double) did.read / units);
    }
}
