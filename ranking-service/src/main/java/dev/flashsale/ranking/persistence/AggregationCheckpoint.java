package dev.flashsale.ranking.persistence;

import dev.flashsale.ranking.domain.Checkpoint;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The one row of {@code aggregation_checkpoint}. */
@Repository
public class AggregationCheckpoint {

    private static final String NAME = "daily_sales";
    private static final String SELECT = "SELECT aggregated_below::text AS aggregated_below, moved_at FROM aggregation_checkpoint WHERE name = ?";

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
     * The id below which every transaction of the database server has ended: the oldest still running
     * one (or the next to be assigned). Rows of committed transactions below it are all visible now, and
     * no transaction can still write a row with an id below it.
     */
    public long committedBoundary() {
        return jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
                .query((rs, row) -> Long.parseLong(rs.getString(1))).single();
    }

    /** Moves the checkpoint forward, never back. */
    public void moveTo(long aggregatedBelow, Instant at) {
        jdbc.sql("""
                        UPDATE aggregation_checkpoint
                           SET aggregated_below = greatest(aggregated_below, CAST(? AS xid8)), moved_at = ?
                         WHERE name = ?""")
                .param(Xid8.of(aggregatedBelow)).param(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param(NAME)
                .update();
    }

    private Checkpoint checkpoint(ResultSet rs, int row) throws SQLException {
        OffsetDateTime movedAt = rs.getObject("moved_at", OffsetDateTime.class);
        return new Checkpoint(Long.parseLong(rs.getString("aggregated_below")), movedAt == null ? null : movedAt.toInstant());
    }
}
