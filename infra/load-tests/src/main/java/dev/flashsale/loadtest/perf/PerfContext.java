package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.LoadSettings;
import dev.flashsale.loadtest.check.Checker;
import dev.flashsale.loadtest.check.Verdict;
import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.loadtest.stack.StackHandle;
import dev.flashsale.localstack.LocalStackSettings;
import dev.flashsale.localstack.ServiceSpec;
import dev.flashsale.localstack.client.Api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * What every measurement of the suite shares: the stack and where its parts listen, the clients, the meter, and
 * the pool of users made once for the run (every row takes its users from a slice of it).
 */
final class PerfContext {

    private final LoadSettings settings;
    private final LocalStackSettings stackSettings;
    private final StackHandle stack;
    private final Api api;
    private final LoadClient client;
    private final StackMeter meter;
    private final Fixtures fixtures;
    private final List<User> users;
    /** The last wait for open sagas ran out. */
    private volatile boolean unsettled;

    PerfContext(LoadSettings settings, LocalStackSettings stackSettings, StackHandle stack, Api api, LoadClient client,
                StackMeter meter, Fixtures fixtures, List<User> users) {
        this.settings = settings;
        this.stackSettings = stackSettings;
        this.stack = stack;
        this.api = api;
        this.client = client;
        this.meter = meter;
        this.fixtures = fixtures;
        this.users = List.copyOf(users);
    }

    LoadSettings settings() {
        return settings;
    }

    StackHandle stack() {
        return stack;
    }

    Api api() {
        return api;
    }

    LoadClient client() {
        return client;
    }

    StackMeter meter() {
        return meter;
    }

    Fixtures fixtures() {
        return fixtures;
    }

    String gateway() {
        return settings.gatewayUrl();
    }

    String serviceUrl(String service) {
        return "http://localhost:" + stackSettings.portOf(ServiceSpec.named(service));
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + stackSettings.postgresPort() + "/" + database;
    }

    /** Creates {@code database} on the stack's PostgreSQL server unless it exists. */
    void createDatabase(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
    }

    /** Users {@code from} (inclusive) to {@code to} (exclusive) of the pool. */
    List<User> users(int from, int to) {
        if (to > users.size()) {
            throw new IllegalArgumentException("the pool has " + users.size() + " users, a row needs " + to
                    + " (raise load.perf.users)");
        }
        return users.subList(from, to);
    }

    /**
     * Waits (one cheap audit read a second, bounded by the settle timeout) until no order is pending and no saga
     * is open, so a CPU window can end when the work did and before the checker's own reads.
     */
    void awaitSettled() {
        if (!settledOnce()) {
            System.out.println("[perf] some sagas are still open after " + settings.settleTimeout().toSeconds() + " s");
        }
    }

    private boolean settledOnce() {
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Api.Answer audit;
            try {
                audit = api.asAdmin("GET", "/api/v1/admin/orders/audit?pendingOlderThanSeconds=0", null);
            } catch (RuntimeException unreachable) {
                audit = null;
            }
            if (audit != null && audit.status() == 200 && audit.body().path("pendingOrders").asLong() == 0
                    && audit.body().path("openSagas").asLong() == 0) {
                unsettled = false;
                return true;
            }
            Fixtures.sleep(1000);
        }
        unsettled = true;
        return false;
    }

    /** The checker over everything the stack holds, once every saga has ended: PASS or FAIL with the failures. */
    CheckedVerdict check(String after) {
        System.out.println("[perf] checking every invariant after " + after + "...");
        // after a wait that already timed out, the checker need not wait as long again to find the same open sagas
        Verdict verdict = new Checker(api, settings.kafkaBootstrapServers(),
                unsettled ? Duration.ofSeconds(10) : settings.settleTimeout()).check();
        if (!verdict.passed()) {
            System.out.print(verdict.table());
        }
        return new CheckedVerdict(after, verdict);
    }

    record CheckedVerdict(String after, Verdict verdict) {

        String label() {
            return verdict.passed() ? "PASS" : "FAIL (" + verdict.failures() + ")";
        }
    }
}
