package dev.flashsale.messaging;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which failures of a handler pass by themselves: the database or the broker unreachable, the pool out of
 * connections, a lock not granted in time, a serialization failure or a deadlock. A listener retries such a
 * message for as long as the failure lasts, holding its partition; every other failure is the message's own
 * (a bug, data no code accepts) and goes to the dead-letter topic after its bounded tries. The whole cause chain
 * is read, so a failure wrapped by JPA, a transaction manager or spring-kafka is still recognised.
 */
public final class TransientFailures {

    /**
     * SQLSTATEs that pass: connection exceptions (class 08), insufficient resources (53: too many connections, disk
     * full), the server shutting down or starting (57P01, 57P02, 57P03), serialization failure (40001), deadlock
     * (40P01), lock not available (55P03, also lock_timeout).
     */
    private static final Set<String> STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");
    private static final Set<String> STATE_CLASSES = Set.of("08", "53");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        return isTransient(failure, new IdentityHashMap<>());
    }

    private static boolean isTransient(Throwable failure, Map<Throwable, Boolean> seen) {
        for (Throwable cause = failure; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                // The rollback of a failed transaction failed as well (its connection died with the session, and
                // Hikari says "Connection is closed" without a SQLSTATE): what failed first decides.
                return isTransient(rollback.getApplicationException(), seen);
            }
            if (isTransientItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable failure) {
        if (failure instanceof TransientDataAccessException
                || failure instanceof RecoverableDataAccessException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof CannotCreateTransactionException
                || failure instanceof SQLTransientException
                || failure instanceof SQLRecoverableException
                || failure instanceof SQLNonTransientConnectionException
                || failure instanceof org.apache.kafka.common.errors.RetriableException
                || failure instanceof ConnectException
                || failure instanceof SocketTimeoutException) {
            return true;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return STATES.contains(state) || (state.length() == 5 && STATE_CLASSES.contains(state.substring(0, 2)));
        }
        return false;
    }
}
