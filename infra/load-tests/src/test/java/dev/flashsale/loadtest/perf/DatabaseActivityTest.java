package dev.flashsale.loadtest.perf;

import dev.flashsale.testkit.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseActivityTest {

    @Test
    void countsTheTransactionsAndRowsOfEachDatabaseBetweenTwoSamples() throws Exception {
        String url = SharedInfrastructure.newDatabase("activity");
        String database = nameOf(url);
        String quietDatabase = nameOf(SharedInfrastructure.newDatabase("quiet"));
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (id int PRIMARY KEY, note text)");
            // This backend hands its counters over now, not up to PGSTAT_IDLE_INTERVAL later (what SETTLE waits out).
            statement.execute("SELECT pg_stat_force_next_flush()");
            DatabaseActivity activity = new DatabaseActivity(url, List.of(database, quietDatabase), Duration.ZERO);
            Map<String, DatabaseActivity.Counts> before = activity.sample();

            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO item SELECT n, 'new' FROM generate_series(1, 10) n");
            connection.commit();
            statement.executeUpdate("UPDATE item SET note = 'changed' WHERE id <= 4");
            statement.executeUpdate("DELETE FROM item WHERE id = 10");
            connection.commit();
            connection.setAutoCommit(true);
            statement.execute("SELECT pg_stat_force_next_flush()");
            Map<String, DatabaseActivity.Counts> after = activity.sample();

            DatabaseActivity.Counts did = after.get(database).minus(before.get(database));
            assertThat(did.commits()).isGreaterThanOrEqualTo(2);
            assertThat(did.written()).isEqualTo(10 + 4 + 1);
            assertThat(after.get(quietDatabase).minus(before.get(quietDatabase)).written()).isZero();
            assertThat(after.keySet()).containsExactly(database, quietDatabase);
        }
    }

    private static String nameOf(String jdbcUrl) {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
    }

    @Test
    void printsEachDatabasePerUnitAndTheirSum() {
        Map<String, DatabaseActivity.Counts> before = Map.of(
                "orders", new DatabaseActivity.Counts(100, 1_000, 5_000),
                "coupon", new DatabaseActivity.Counts(10, 100, 500));
        Map<String, DatabaseActivity.Counts> after = new LinkedHashMap<>();
        after.put("orders", new DatabaseActivity.Counts(480, 3_500, 28_000));
        after.put("coupon", new DatabaseActivity.Counts(30, 700, 900));

        assertThat(DatabaseActivity.perUnit(before, after, 100, "order")).isEqualTo("per order: "
                + "orders 3.8 transactions, 25.0 rows written, 230 read; "
                + "coupon 0.2 transactions, 6.0 rows written, 4 read; "
                + "all 4.0 transactions, 31.0 rows written, 234 read");
        assertThat(DatabaseActivity.perUnit(before, after, 0, "order")).isEqualTo("no order to divide by");
    }
}
