package dev.flashsale.messaging.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The logical replication slot and publication the relay reads through. Created before the service
 * accepts any work: from the slot's creation on, PostgreSQL keeps every outbox insert for the relay,
 * even one committed before the Debezium engine has started.
 */
public final class ReplicationSlot {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSlot.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,63}");

    private final String name;

    private ReplicationSlot(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a slot name is 1 to 63 lower-case letters, digits or underscores: " + name);
        }
        this.name = name;
    }

    /** The configured name, or {@code outbox_<database>}: unique on a server shared by several services. */
    public static ReplicationSlot named(String configured, JdbcTemplate jdbc) {
        if (configured != null && !configured.isBlank()) {
            return new ReplicationSlot(configured);
        }
        String database = jdbc.queryForObject("SELECT current_database()", String.class);
        String name = ("outbox_" + database).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return new ReplicationSlot(name.length() > 63 ? name.substring(0, 63) : name);
    }

    public String name() {
        return name;
    }

    /** Creates the publication (inserts into the outbox only) and the slot, each unless it exists. */
    public void ensureExists(JdbcTemplate jdbc) {
        Integer publications = jdbc.queryForObject("SELECT count(*) FROM pg_publication WHERE pubname = ?", Integer.class, name);
        if (publications == null || publications == 0) {
            try {
                jdbc.execute("CREATE PUBLICATION " + name + " FOR TABLE messaging.outbox WITH (publish = 'insert')");
                log.info("Created publication {}", name);
            } catch (DataAccessException e) {
                log.debug("Publication {} was created concurrently", name, e);
            }
        }
        Integer slots = jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", Integer.class, name);
        if (slots == null || slots == 0) {
            try {
                jdbc.queryForList("SELECT slot_name FROM pg_create_logical_replication_slot(?, 'pgoutput')", name);
                log.info("Created replication slot {}", name);
            } catch (DataAccessException e) {
                log.debug("Replication slot {} was created concurrently", name, e);
            }
        }
    }

    /** How much WAL the slot holds back, in bytes: what piles up while the relay is not reading. */
    public long retainedWalBytes(JdbcTemplate jdbc) {
        Long bytes = jdbc.queryForObject("""
                SELECT coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint
                FROM pg_replication_slots WHERE slot_name = ?""", Long.class, name);
        return bytes == null ? 0 : bytes;
    }
}
