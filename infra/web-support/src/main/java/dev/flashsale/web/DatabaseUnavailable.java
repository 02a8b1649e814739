package dev.flashsale.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Whether a request failed because the service's database could not be reached, rather than because of a
 * bug: the connection refused or lost, the pool timing out for one, the server shutting down. Such a request
 * is answered {@code SERVICE_UNAVAILABLE} (the client may try again) instead of {@code INTERNAL_ERROR}.
 * Spring and Hibernate wrap these in their own exceptions, so the whole cause chain is read.
 */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    static boolean causedBy(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && (connectionState(sql.getSQLState()) || evictedByThePool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * HikariCP closes a connection that failed with a connection error, and its proxy then answers every call
     * (the transaction's rollback among them) with this exception, which carries no SQLSTATE.
     */
    private static boolean evictedByThePool(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }

    /** SQLSTATE class 08 (connection exception), and 57P01-57P03 (the server shutting down or starting up). */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
