package dev.flashsale.messaging.relay;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.JdbcTemplate;

/** UP while the relay streams from its slot; part of readiness, so a service takes traffic only then. */
public final class OutboxRelayHealthIndicator extends AbstractHealthIndicator {

    private final OutboxRelay relay;
    private final ReplicationSlot slot;
    private final JdbcTemplate jdbc;

    public OutboxRelayHealthIndicator(OutboxRelay relay, ReplicationSlot slot, JdbcTemplate jdbc) {
        super("Outbox relay health check failed");
        this.relay = relay;
        this.slot = slot;
        this.jdbc = jdbc;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("slot", slot.name()).withDetail("retainedWalBytes", slot.retainedWalBytes(jdbc));
        if (relay.isStreaming()) {
            builder.up();
        } else {
            builder.down();
            if (relay.lastFailure() != null) {
                builder.withDetail("lastFailure", String.valueOf(relay.lastFailure().getMessage()));
            }
        }
    }
}
