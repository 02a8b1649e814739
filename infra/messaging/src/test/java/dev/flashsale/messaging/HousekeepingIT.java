package dev.flashsale.messaging;

import dev.flashsale.messaging.autoconfigure.MessagingHousekeeping;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@MessagingIntegrationTest
class HousekeepingIT {

    @Autowired
    MessagingHousekeeping housekeeping;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void purgesOnlyRowsPastTheirRetention() {
        UUID oldEvent = UUID.randomUUID();
        UUID freshEvent = UUID.randomUUID();
        jdbc.update("INSERT INTO messaging.inbox (consumer, event_id, received_at) VALUES ('old', ?, now() - interval '8 days')", oldEvent);
        jdbc.update("INSERT INTO messaging.inbox (consumer, event_id, received_at) VALUES ('fresh', ?, now() - interval '6 days')", freshEvent);
        jdbc.update("INSERT INTO messaging.outbox (id, topic, aggregate_id, type, payload, occurred_at) "
                + "VALUES (?, 'nowhere', 'x', 'Old', '{}', now() - interval '2 days')", oldEvent);
        jdbc.update("INSERT INTO messaging.idempotency_key (scope, key, request_hash, created_at) "
                + "VALUES ('s', ?, 'h', now() - interval '2 days')", oldEvent.toString());

        assertThat(housekeeping.purge()).isGreaterThanOrEqualTo(3);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM messaging.inbox WHERE event_id = ?", Integer.class, oldEvent)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messaging.inbox WHERE event_id = ?", Integer.class, freshEvent)).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messaging.outbox WHERE id = ?", Integer.class, oldEvent)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM messaging.idempotency_key WHERE key = ?", Integer.class,
                oldEvent.toString())).isZero();
    }
}
