package dev.flashsale.ranking.persistence;

import dev.flashsale.ranking.domain.Checkpoint;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The one row of {@code aggregation_checkpoint}. */
@Repository
public class AggregationCheckpoint {

    private static final String NAME = "daily_sales";
    private static final String SELECT =
            "SELECT aggregated_below::text AS aggregated_below, moved_at, generation FROM aggregation_checkpoint WHERE name = ?";

    private final JdbcClient jdbc;

    public AggregationCheckpoint(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Checkpoint read() {
        return jdbc.sql(SELECT).param(NAME).query(this::checkpoint).single();
    }

    /**
     * Reads the checkpoint and locks it until the transaction ends: a second run (another trigger,
     * another instance) waits here and then sees where this one left it.
     */
    public Checkpoint lock() {
        return jdbc.sql(SELECT + " FOR UPDATE").param(NAME).query(this::checkpoint).single();
    }

    /**
     * The id below which every transaction that can write to this database has ended: the oldest one
     * still running <em>in this database</em> (or the next id to be assigned). Rows of committed
     * transactions below it are all visible now, and no transaction can still write a row below it.
     *
     * <p>Transaction ids are shared by every database of the server, so the snapshot's own xmin would
     * wait for a transaction left open in any other database too, and one idle session there would freeze
     * the ranking. The snapshot's in-progress ids are therefore kept only when a session of this database
     * (or a prepared transaction of it) runs them; a transaction of another database can never write here.
     * The snapshot is the statement's, taken before the sessions are read, so an id missing from the
     * sessions belongs to a transaction that had already ended, and the next statement of a read-committed
     * transaction sees its rows. The sessions are read afresh ({@code pg_stat_clear_snapshot}), never from
     * a copy taken earlier in the transaction.
     */
    public Boundary committedBoundary() {
        jdbc.sql("SELECT pg_stat_clear_snapshot()").query().listOfRows();
        return jdbc.sql("""
                        WITH snapshot AS (SELECT pg_current_snapshot() AS taken),
                        running_here AS (
                            SELECT backend_xid::text::bigint AS xid, xact_start AS started
                              FROM pg_stat_activity
                             WHERE datname = current_database() AND backend_xid IS NOT NULL
                            UNION ALL
                            SELECT transaction::text::bigint, prepared
                              FROM pg_prepared_xacts
                             WHERE database = current_database()
                        ),
                        holding AS (
                            SELECT xip, running_here.started
                              FROM snapshot CROSS JOIN LATERAL pg_snapshot_xip(snapshot.taken) AS xip
                              JOIN running_here ON running_here.xid = xip::text::bigint % 4294967296
                        )
                        SELECT least(pg_snapshot_xmax(snapshot.taken), (SELECT min(xip) FROM holding))::text AS boundary,
                               (SELECT extract(epoch FROM clock_timestamp() - min(started)) FROM holding) AS held_for
                          FROM snapshot""")
                .query((rs, row) -> {
                    double heldFor = rs.getDouble("held_for");
                    return new Boundary(Long.parseLong(rs.getString("boundary")), Duration.ofMillis(Math.round(heldFor * 1000)));
                })
                .single();
    }

    /** How many times the daily sales were changed; one read of the checkpoint's primary key. */
    public long generation() {
        return jdbc.sql("SELECT generation FROM aggregation_checkpoint WHERE name = ?").param(NAME).query(Long.class).single();
    }

    /** Moves the checkpoint forward, never back, and counts a change of the daily sales. */
    public void moveTo(long aggregatedBelow, Instant at) {
        jdbc.sql("""
                        UPDATE aggregation_checkpoint
                           SET aggregated_below = greatest(aggregated_below, CAST(? AS xid8)), moved_at = ?,
                               generation = generation + 1
                         WHERE name = ?""")
                .param(Xid8.of(aggregatedBelow)).param(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param(NAME)
                .update();
    }

    /** Counts a change of the daily sales that leaves the checkpoint where it is (a rebuild). */
    public void countChange() {
        jdbc.sql("UPDATE aggregation_checkpoint SET generation = generation + 1 WHERE name = ?").param(NAME).update();
    }

    private Checkpoint checkpoint(ResultSet rs, int row) throws SQLException {
        OffsetDateTime movedAt = rs.getObject("moved_at", OffsetDateTime.class);
        return new Checkpoint(Long.parseLong(rs.getString("aggregated_below")), movedAt == null ? null : movedAt.toInstant(),
                rs.getLong("generation"));
    }

    /**
     * Where an aggregation may count up to, and for how long the oldest transaction of this database that
     * holds it back has been open (zero when none does: the boundary is the newest possible).
     */
    public record Boundary(long below, Duration heldFor) {
    }
}
