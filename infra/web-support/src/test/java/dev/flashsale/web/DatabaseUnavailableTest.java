package dev.flashsale.web;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTest {

    @Test
    void aLostOrRefusedConnectionOrAServerShuttingDownIsUnavailableHoweverDeepItIsWrapped() {
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("rollback failed",
                new RuntimeException(new SQLException("I/O error", "08006"))))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLException("refused", "08001",
                new ConnectException("Connection refused"))))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        // what a rollback meets once HikariCP has evicted the connection (seen when PostgreSQL stopped mid-storm)
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseUnavailable.causedBy(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("no state"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new NullPointerException())).isFalse();
        RuntimeException loop = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", loop);
        loop.initCause(other);
        assertThat(DatabaseUnavailable.causedBy(loop)).isFalse();
    }
}
