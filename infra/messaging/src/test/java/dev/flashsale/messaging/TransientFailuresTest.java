package dev.flashsale.messaging;

import com.zaxxer.hikari.pool.HikariPool;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    @Test
    void theDatabaseOrThePoolAwayIsTransientWhereverItIsWrapped() {
        assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 30000ms")))).isTrue();
        assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException("listener failed",
                new DataAccessResourceFailureException("gone", new ConnectException("Connection refused"))))).isTrue();
        assertThat(TransientFailures.isTransient(new TransactionSystemException("commit failed",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("the database system is starting up", "57P03")))).isTrue();
        assertThat(TransientFailures.isTransient(new HikariPool.PoolInitializationException(new SQLException("refused", "08001")))).isTrue();
    }

    /**
     * PostgreSQL ends a session under a transaction (a restart, a failover, {@code pg_terminate_backend}): the
     * statement fails with 57P01, and the rollback on the dead connection fails too. What reaches the listener is
     * the rollback's failure, Hikari's "Connection is closed" without a SQLSTATE, with the statement's failure as
     * its application exception. A pool with several such connections gave them out to three quick tries and the
     * message was dead-lettered (OutageIT, with retries at their back-off).
     */
    @Test
    void aRollbackThatFailsIsJudgedByTheFailureItRolledBack() {
        TransactionSystemException killedSession = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        killedSession.initApplicationException(new DataAccessResourceFailureException("PreparedStatementCallback",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException("listener failed", killedSession))).isTrue();

        TransactionSystemException aBugThenAClosedConnection = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        aBugThenAClosedConnection.initApplicationException(new IllegalStateException("a bug"));
        assertThat(TransientFailures.isTransient(aBugThenAClosedConnection)).isFalse();
    }

    @Test
    void lockTimeoutsSerializationFailuresAndDeadlocksAreTransient() {
        assertThat(TransientFailures.isTransient(new CannotAcquireLockException("lock"))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("could not obtain lock", "55P03")))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("could not serialize access", "40001")))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(TransientFailures.isTransient(new org.apache.kafka.common.errors.TimeoutException("broker away"))).isTrue();
    }

    @Test
    void aMessagesOwnFailureIsNotTransient() {
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
        assertThat(TransientFailures.isTransient(new MalformedMessageException("not json", null))).isFalse();
        assertThat(TransientFailures.isTransient(new DuplicateKeyException("twice"))).isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("no",
                new SQLException("violates check constraint", "23514")))).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("canceling statement due to statement timeout", "57014")))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(TransientFailures.isTransient(first)).isFalse();
    }
}
