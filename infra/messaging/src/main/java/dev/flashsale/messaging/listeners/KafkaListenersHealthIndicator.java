package dev.flashsale.messaging.listeners;

import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UP when every listener container that should run does, and each of its consumers has its assignment
 * from the group; part of readiness. Until then, commands sent to this service would only wait in
 * Kafka: a service that says it is ready while its consumers are still joining makes the first orders
 * after a start (or a rebalance after a crash) slow for no visible reason.
 *
 * <p>A container configured not to start by itself ({@code autoStartup=false}) is left out: it is
 * someone's decision, not a fault. Without {@link ListenerAssignments} (a service that brings its own
 * rebalance listener) only whether the consumers run is known, and that is what counts.
 */
public final class KafkaListenersHealthIndicator extends AbstractHealthIndicator {

    private final KafkaListenerEndpointRegistry registry;
    private final ListenerAssignments assignments;

    public KafkaListenersHealthIndicator(KafkaListenerEndpointRegistry registry, ListenerAssignments assignments) {
        super("Kafka listener health check failed");
        this.registry = registry;
        this.assignments = assignments;
    }

    private boolean hasJoined(String clientId) {
        return assignments == null || assignments.hasJoined(clientId);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean ready = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            if (container.isAutoStartup()) {
                State state = stateOf(container);
                ready &= state.ready();
                details.put(container.getListenerId(), state.description());
            }
        }
        (ready ? builder.up() : builder.down()).withDetails(details);
    }

    private State stateOf(MessageListenerContainer container) {
        if (!container.isRunning() || !container.isInExpectedState()) {
            return new State(false, "stopped");
        }
        List<? extends MessageListenerContainer> consumers = container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent
                ? concurrent.getContainers() : List.of(container);
        int partitions = 0;
        for (MessageListenerContainer consumer : consumers) {
            Map<String, Collection<TopicPartition>> assigned = consumer.getAssignmentsByClientId();
            if (!consumer.isRunning() || assigned == null || !assigned.keySet().stream().allMatch(this::hasJoined)) {
                return new State(false, "joining its consumer group");
            }
            partitions += assigned.values().stream().mapToInt(Collection::size).sum();
        }
        return new State(true, consumers.size() + " consumers, " + partitions + " partitions assigned");
    }

    private record State(boolean ready, String description) {
    }
}
