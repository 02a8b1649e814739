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
 * the consumer group is the application's name, and readiness waits for the outbox relay.
 */
public final class MessagingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "flashsaleMessagingDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "spring.kafka.consumer.auto-offset-reset", "earliest",
                "spring.kafka.consumer.group-id", "${spring.application.name}",
                "spring.kafka.producer.acks", "all",
                "spring.kafka.producer.properties.enable.idempotence", "true",
                "spring.kafka.producer.properties.linger.ms", "2",
                "logging.level.org.apache.kafka", "WARN",
                "logging.level.io.debezium", "WARN",
                "logging.level.kafka", "WARN",
                // A service is ready only while its outbox relay streams: what it accepts must be able to leave.
                "management.endpoint.health.group.readiness.include", "readinessState,outboxRelay")));
    }
}
