package dev.flashsale.balance.persistence;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migrations whose text changed after databases had applied them, with no change to what they do. Flyway's
 * checksum covers comments too: V1's comment was reworded on 2026-12-07, and a database made before refused to
 * start ("Migration checksum mismatch for migration version 1"). Before migrating, the schema history's checksum
 * of exactly that version is moved from exactly the old value to the new one; any other mismatch still stops the
 * start, as Flyway means it to. An applied migration is never edited again: a change is a new migration.
 */
@Configuration(proxyBeanMethods = false)
public class EditedMigrations {

    private static final Logger log = LoggerFactory.getLogger(EditedMigrations.class);

    /** V1__users_balances_ledger_payments.sql: its checksum before and after the comment was reworded. */
    static final String VERSION = "1";
    static final int BEFORE = 1348057146;
    static final int AFTER = -807635124;

    @Bean
    FlywayMigrationStrategy realignEditedComments() {
        return flyway -> {
            realign(flyway);
            flyway.migrate();
        };
    }

    static void realign(Flyway flyway) {
        JdbcTemplate jdbc = new JdbcTemplate(flyway.getConfiguration().getDataSource());
        String table = flyway.getConfiguration().getTable();
        Boolean exists = jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table);
        if (!Boolean.TRUE.equals(exists)) {
            return;
        }
        int realigned = jdbc.update("UPDATE " + table + " SET checksum = ? WHERE version = ? AND checksum = ?",
                AFTER, VERSION, BEFORE);
        if (realigned > 0) {
            log.info("Schema history: V{}'s checksum moved from {} to {} (its comment was reworded; the statements are the same)",
                    VERSION, BEFORE, AFTER);
        }
    }
}
