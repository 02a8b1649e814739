package dev.flashsale.messaging.autoconfigure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Kafka settings every service of this project needs, as defaults a service's own configuration
 * overrides: a new consumer group starts from the earliest message (a service that starts after its
 * first commands were sent must still get them), producers wait for all replicas and are idempotent,
 * the consumer group is the application's name, listeners continue the trace a record carries, and
 * readiness waits for the listeners' partition assignment.
 */
public final class MessagingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "flashsaleMessagingDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.ofEntries(
                Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
                Map.entry("spring.kafka.consumer.group-id", "${spring.application.name}"),
                Map.entry("spring.kafka.producer.acks", "all"),
                Map.entry("spring.kafka.producer.properties.enable.idempotence", "true"),
                Map.entry("spring.kafka.producer.properties.linger.ms", "2"),
                // A fetch is answered as soon as one byte is there (fetch.min.bytes 1), so how long the broker may hold
                // it only matters when nothing comes: every idle consumer asked twice a second with Kafka's 500 ms, and
                // at rest those fetches were most of the broker's CPU (docs/benchmarks.md, row 7a). The cost: after a
                // rebalance, newly assigned partitions are fetched once the fetch in flight returns, up to 2 s later.
                Map.entry("spring.kafka.consumer.fetch-max-wait", "2s"),
                // Replicated topics by default (3 copies, 2 in sync for a write); a single local broker sets 1 and 1.
                Map.entry("flashsale.messaging.topics.replicas", "${KAFKA_TOPIC_REPLICATION_FACTOR:3}"),
                Map.entry("flashsale.messaging.topics.min-insync-replicas", "${KAFKA_TOPIC_MIN_INSYNC_REPLICAS:2}"),
                // An existing topic's configuration (min.insync.replicas) is brought in line with these at start-up.
                Map.entry("spring.kafka.admin.modify-topic-configs", "true"),
                Map.entry("logging.level.org.apache.kafka", "WARN"),
                Map.entry("logging.level.io.debezium", "WARN"),
                Map.entry("logging.level.kafka", "WARN"),
                // A listener continues the trace whose context the record carries (the relay copies the outbox
                // row's traceparent into a header), so one trace follows an order from service to service.
                Map.entry("spring.kafka.listener.observation-enabled", "true"),
                // Dead letters are sent with a KafkaTemplate: they carry the trace of the listener that gave up.
                Map.entry("spring.kafka.template.observation-enabled", "true"),
                // A service is ready while it can serve its HTTP and its listeners have their partitions (what is
                // sent to it is being handled). The outbox relay is not part of it: one instance per database
                // streams and the others stand by, all of them ready; what an instance accepts waits in the
                // outbox, safely, until the leader publishes it (the relay's health and metrics tell operators).
                Map.entry("management.endpoint.health.group.readiness.include",
                        "readinessState,kafkaListeners"))));
    }
}
