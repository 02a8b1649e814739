package dev.flashsale.balance.persistence;

import dev.flashsale.balance.BalanceIntegrationTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database whose schema history has V1 as it was before its comment was reworded starts; any other mismatch does not. */
@BalanceIntegrationTest
class EditedMigrationsIT {

    @Autowired
    Flyway flyway;
    @Autowired
    FlywayMigrationStrategy strategy;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void putTheHistoryBack() {
        setChecksumOfV1(EditedMigrations.AFTER);
    }

    @Test
    void aDatabaseMadeBeforeTheCommentWasRewordedMigratesAndKeepsTheNewChecksum() {
        setChecksumOfV1(EditedMigrations.BEFORE);

        strategy.migrate(flyway);

        assertThat(checksumOfV1()).isEqualTo(EditedMigrations.AFTER);
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void anyOtherChecksumStillStopsTheStart() {
        setChecksumOfV1(42);

        assertThatThrownBy(() -> strategy.migrate(flyway)).isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("checksum mismatch for migration version 1");
        assertThat(checksumOfV1()).isEqualTo(42);
    }

    private void setChecksumOfV1(int checksum) {
        jdbc.update("UPDATE " + flyway.getConfiguration().getTable() + " SET checksum = ? WHERE version = '1'", checksum);
    }

    private Integer checksumOfV1() {
        return jdbc.queryForObject("SELECT checksum FROM " + flyway.getConfiguration().getTable() + " WHERE version = '1'", Integer.class);
    }
}
