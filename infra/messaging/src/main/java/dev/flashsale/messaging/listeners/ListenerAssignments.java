package dev.flashsale.messaging.listeners;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which listener consumers are members of their group right now: a consumer counts from its first
 * completed assignment (even an empty one: a group with more consumers than partitions leaves some
 * idle, and they are still working members) until it loses its partitions or starts again.
 *
 * <p>Kafka offers no "has joined" flag, and a container's assigned partitions are empty both before
 * the first assignment and after an empty one; the rebalance callback is the only place that knows.
 * Consumers are told apart by their client id, which is also how a container names its consumers
 * ({@link MessageListenerContainer#getAssignmentsByClientId()}).
 */
public final class ListenerAssignments implements ConsumerAwareRebalanceListener, ApplicationListener<ConsumerStartingEvent> {

    private static final String CLIENT_ID_TAG = "client-id";

    private final Set<String> joined = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        joined.add(clientIdOf(consumer));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        joined.remove(clientIdOf(consumer));
    }

    /** A consumer that starts (again) is not a member until its first assignment. */
    @Override
    public void onApplicationEvent(ConsumerStartingEvent event) {
        Map<String, Collection<TopicPartition>> consumers =
                event.getContainer(MessageListenerContainer.class).getAssignmentsByClientId();
        if (consumers != null) {
            joined.removeAll(consumers.keySet());
        }
    }

    /** Whether the consumer with this client id has its assignment. */
    public boolean hasJoined(String clientId) {
        return joined.contains(clientId);
    }

    private static String clientIdOf(Consumer<?, ?> consumer) {
        for (MetricName name : consumer.metrics().keySet()) {
            String clientId = name.tags().get(CLIENT_ID_TAG);
            if (clientId != null) {
                return clientId;
            }
        }
        return "unknown";
    }
}
