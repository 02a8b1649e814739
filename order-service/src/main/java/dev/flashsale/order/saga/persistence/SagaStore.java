package dev.flashsale.order.saga.persistence;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.order.saga.domain.Effect;
import dev.flashsale.order.saga.domain.OrderSaga;
import dev.flashsale.order.saga.domain.ParticipantProgress;
import dev.flashsale.order.saga.domain.SagaState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sagas in plain SQL: the saga's row and one row per participant it has asked ({@code order_saga_participant}),
 * loaded together in one statement, and written back only where a move changed them.
 */
@Repository
public class SagaStore {

    private static final String COLUMNS = """
            s.order_id, s.state, s.failure_reason, s.started_at, s.ended_at,
            p.participant, p.effect, p.attempts, p.step_started_at, p.deadline""";
    /**
     * The saga's row, locked until the end of the transaction. Waiting on the lock also waits out a commit that has
     * reached the WAL (and so, through the relay, a participant that already answered) but is not yet visible.
     */
    private static final String LOCK = "SELECT order_id FROM order_saga WHERE order_id = ? FOR UPDATE";
    /**
     * The saga with its participants, read by a statement of its own once the lock is held: in READ COMMITTED a new
     * statement sees everything committed before it, so the answer is judged against the saga's latest state. (One
     * {@code SELECT ... JOIN ... FOR UPDATE OF s} would not: after waiting on the lock PostgreSQL re-reads the locked
     * saga row but keeps the participant rows it joined before the wait, so a move could see COMPENSATING beside a
     * participant as it was before that move.)
     */
    private static final String READ = "SELECT " + COLUMNS + """
             FROM order_saga s LEFT JOIN order_saga_participant p ON p.order_id = s.order_id
            WHERE s.order_id = ?""";
    private static final String INSERT = """
            INSERT INTO order_saga (order_id, state, failure_reason, started_at, ended_at) VALUES (?, ?, ?, ?, ?)""";
    private static final String UPDATE = "UPDATE order_saga SET state = ?, failure_reason = ?, ended_at = ? WHERE order_id = ?";
    private static final String UPSERT_PARTICIPANT = """
            INSERT INTO order_saga_participant (order_id, participant, effect, attempts, step_started_at, deadline)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (order_id, participant) DO UPDATE
            SET effect = excluded.effect, attempts = excluded.attempts, step_started_at = excluded.step_started_at,
                deadline = excluded.deadline""";
    private static final String OPEN = "s.state IN ('RUNNING', 'COMPENSATING')";
    private static final String FAILED = "s.state = 'FAILED'";
    private static final String STUCK = OPEN + """
             AND EXISTS (SELECT 1 FROM order_saga_participant w WHERE w.order_id = s.order_id
                         AND (w.deadline < ? OR w.attempts > 1))""";

    private final JdbcTemplate jdbc;

    public SagaStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The saga as its latest commit left it, locked until the end of the caller's transaction; empty if none. */
    public Optional<OrderSaga> lock(long orderId) {
        if (jdbc.queryForList(LOCK, Long.class, orderId).isEmpty()) {
            return Optional.empty();
        }
        List<OrderSaga> found = jdbc.query(READ, SagaStore::sagas, orderId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Writes what a move changed: the saga's row (inserted when new) and the participants it touched. */
    public void save(OrderSaga saga) {
        String reason = saga.failureReason() == null ? null : saga.failureReason().name();
        if (saga.isNew()) {
            jdbc.update(INSERT, saga.orderId(), saga.state().name(), reason, Timestamp.from(saga.startedAt()),
                    timestamp(saga.endedAt()));
        } else if (saga.isChanged()) {
            jdbc.update(UPDATE, saga.state().name(), reason, timestamp(saga.endedAt()), saga.orderId());
        }
        if (!saga.changedParticipants().isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            for (String name : saga.changedParticipants()) {
                ParticipantProgress progress = saga.progress().get(name);
                rows.add(new Object[]{saga.orderId(), name, progress.effect().name(), progress.attempts(),
                        timestamp(progress.since()), timestamp(progress.deadline())});
            }
            jdbc.batchUpdate(UPSERT_PARTICIPANT, rows);
        }
    }

    /** Orders whose sagas wait on a command past its deadline, the oldest deadline first. */
    public List<Long> overdue(Instant now, int limit) {
        return jdbc.queryForList("""
                SELECT order_id FROM order_saga_participant WHERE deadline <= ?
                GROUP BY order_id ORDER BY min(deadline) LIMIT ?""", Long.class, Timestamp.from(now), limit);
    }

    /** Open sagas (running or compensating), a page at a time, by order id. */
    public List<OrderSaga> open(int page, int size) {
        return page(OPEN, page, size);
    }

    /** Open sagas past a deadline or already re-sending a command. */
    public List<OrderSaga> stuck(Instant now, int page, int size) {
        return page(STUCK, page, size, Timestamp.from(now));
    }

    /** FAILED sagas: a compensation went unacknowledged through every retry. */
    public List<OrderSaga> failed(int page, int size) {
        return page(FAILED, page, size);
    }

    public long countOpen() {
        return count(OPEN);
    }

    public long countStuck(Instant now) {
        return count(STUCK, Timestamp.from(now));
    }

    public long countFailed() {
        return count(FAILED);
    }

    private List<OrderSaga> page(String where, int page, int size, Object... arguments) {
        String sql = "SELECT " + COLUMNS + " FROM (SELECT * FROM order_saga s WHERE " + where
                + " ORDER BY s.order_id LIMIT ? OFFSET ?) s LEFT JOIN order_saga_participant p ON p.order_id = s.order_id"
                + " ORDER BY s.order_id";
        Object[] all = Arrays.copyOf(arguments, arguments.length + 2);
        all[arguments.length] = size;
        all[arguments.length + 1] = (long) page * size;
        return jdbc.query(sql, SagaStore::sagas, all);
    }

    private long count(String where, Object... arguments) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM order_saga s WHERE " + where, Long.class, arguments);
        return count == null ? 0 : count;
    }

    private static List<OrderSaga> sagas(ResultSet rows) throws SQLException {
        Map<Long, Object[]> heads = new LinkedHashMap<>();
        Map<Long, Map<String, ParticipantProgress>> progress = new LinkedHashMap<>();
        while (rows.next()) {
            long orderId = rows.getLong("order_id");
            if (!heads.containsKey(orderId)) {
                String reason = rows.getString("failure_reason");
                heads.put(orderId, new Object[]{SagaState.valueOf(rows.getString("state")),
                        reason == null ? null : ErrorCode.valueOf(reason), instant(rows, "started_at"),
                        instant(rows, "ended_at")});
                progress.put(orderId, new LinkedHashMap<>());
            }
            String participant = rows.getString("participant");
            if (participant != null) {
                progress.get(orderId).put(participant, new ParticipantProgress(Effect.valueOf(rows.getString("effect")),
                        rows.getInt("attempts"), instant(rows, "step_started_at"), instant(rows, "deadline")));
            }
        }
        List<OrderSaga> sagas = new ArrayList<>(heads.size());
        heads.forEach((orderId, head) -> sagas.add(OrderSaga.restore(orderId, (SagaState) head[0], (ErrorCode) head[1],
                (Instant) head[2], (Instant) head[3], progress.get(orderId))));
        return sagas;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
