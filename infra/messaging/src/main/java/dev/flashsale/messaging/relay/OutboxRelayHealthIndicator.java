package dev.flashsale.messaging.relay;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relay as an operator sees it: this instance's role ({@code LEADER} or {@code STANDBY}), whether it
 * streams, and how much WAL the slot holds back (the lag, in bytes, whichever instance leads). Not part of
 * readiness: an instance serves its HTTP and its listeners whether or not it leads the relay. DOWN only while
 * this instance leads and does not stream (its engine is starting or failing).
 */
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
        OutboxRelay.Role role = relay.role();
        builder.withDetail("role", role)
                .withDetail("streaming", relay.isStreaming())
                .withDetail("slot", slot.name())
                .withDetail("retainedWalBytes", slot.retainedWalBytes(jdbc));
        if (role == OutboxRelay.Role.LEADER && relay.pacer() != null) {
            builder.withDetail("paced", relay.pacer().isActive());
        }
        if (role == OutboxRelay.Role.LEADER && !relay.isStreaming()) {
            builder.down();
            if (relay.lastFailure() != null) {
                builder.withDetail("lastFailure", String.valueOf(relay.lastFailure().getMessage()));
            }
        } else {
            builder.up();
        }
    }
}
