package dev.flashsale.messaging.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Which instance of a service streams its database's outbox slot: the one holding a PostgreSQL session
 * advisory lock named after the slot, on a connection of its own that it keeps open for as long as it leads.
 * PostgreSQL is the only judge: when the leader's process dies (even by SIGKILL) its socket closes, PostgreSQL
 * ends the session and the lock is free for the next instance that asks; no clock, lease or vote of ours is
 * involved. The replication slot's own exclusivity (one reader at a time) stays as a second guard.
 *
 * <p>Not thread-safe: the relay's leadership thread alone uses it.
 */
public final class RelayLeadership implements AutoCloseable {

    /** Names the kind of advisory lock (the first of its two keys), so it cannot meet a service's own. */
    static final int LOCK_CLASS = 0x0b0c7e1a;
    private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    private final ConnectionFactory connections;
    private final String slot;
    private Connection connection;
    private boolean held;

    /** Opens a new connection to the service's database, outside any pool (a pool may close it at any time). */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    public RelayLeadership(ConnectionFactory connections, String slot) {
        this.connections = connections;
        this.slot = slot;
    }

    /** Takes the lock if no other session holds it; false also when the database cannot be reached. */
    public boolean tryAcquire() {
        if (held && isHeld()) {
            return true;
        }
        try {
            if (connection == null || connection.isClosed()) {
                connection = connections.open();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                lock.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                lock.setInt(1, LOCK_CLASS);
                lock.setString(2, slot);
                try (ResultSet result = lock.executeQuery()) {
                    held = result.next() && result.getBoolean(1);
                }
            }
            return held;
        } catch (SQLException e) {
            log.debug("Cannot ask for the relay leadership of {}: {}", slot, e.getMessage());
            closeConnection();
            return false;
        }
    }

    /**
     * Whether this instance still leads: its lock session is alive. A session PostgreSQL ended (a restart, a
     * terminated backend, a lost network) took the lock with it, and another instance may lead by now.
     */
    public boolean isHeld() {
        if (!held || connection == null) {
            return false;
        }
        try (Statement check = connection.createStatement()) {
            check.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            check.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            log.warn("The relay's leadership session for {} is gone: {}", slot, e.getMessage());
            closeConnection();
            return false;
        }
    }

    /**
     * Waits until no session reads the slot any more (the previous leader's replication connection ends a
     * moment after its lock did), up to {@code grace}; then ends the one that still does: holding the lock
     * means its reader is no longer the leader. Returns whether the slot is free.
     */
    public boolean awaitSlotReleased(Duration grace, Runnable pause) {
        if (!held) {
            return false;
        }
        Instant deadline = Instant.now().plus(grace);
        try (PreparedStatement reader = connection.prepareStatement(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active")) {
            reader.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            reader.setString(1, slot);
            while (true) {
                Integer pid = null;
                try (ResultSet result = reader.executeQuery()) {
                    if (result.next()) {
                        pid = result.getInt(1);
                    }
                }
                if (pid == null) {
                    return true;
                }
                if (Instant.now().isAfter(deadline)) {
                    log.warn("Slot {} is still read by backend {} {} after this instance became the relay's leader; ending it",
                            slot, pid, grace);
                    try (PreparedStatement end = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
                        end.setInt(1, pid);
                        end.execute();
                    }
                    deadline = Instant.now().plus(grace);
                }
                pause.run();
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
        } catch (SQLException e) {
            log.warn("Cannot see who reads slot {}: {}", slot, e.getMessage());
            closeConnection();
            return false;
        }
    }

    /** Gives the lock up (on a graceful stop): the next instance that asks leads. */
    public void release() {
        if (held && connection != null) {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
                unlock.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                unlock.setInt(1, LOCK_CLASS);
                unlock.setString(2, slot);
                unlock.execute();
            } catch (SQLException e) {
                log.debug("Unlocking the relay leadership of {} failed; closing its session frees it", slot, e);
            }
        }
        closeConnection();
    }

    @Override
    public void close() {
        release();
    }

    private void closeConnection() {
        held = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the relay's leadership connection failed", e);
            }
            connection = null;
        }
    }
}
