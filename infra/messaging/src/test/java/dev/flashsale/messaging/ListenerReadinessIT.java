package dev.flashsale.messaging;

import dev.flashsale.messaging.listeners.KafkaListenersHealthIndicator;
import dev.flashsale.testkit.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness waits for the listeners: running, and every consumer given its share of the partitions. */
@MessagingIntegrationTest
class ListenerReadinessIT {

    @Autowired
    KafkaListenerEndpointRegistry registry;
    @Autowired
    KafkaListenerContainerFactory<?> factory;
    @Autowired
    KafkaListenersHealthIndicator listeners;
    @Autowired
    HealthEndpoint health;

    @Test
    void theServicesOwnListenersAreAssignedAndPartOfReadiness() {
        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.health(true).getStatus().equals(Status.UP));

        Map<String, Object> details = listeners.health(true).getDetails();
        assertThat(details).hasSize((int) registry.getListenerContainers().stream().filter(MessageListenerContainer::isAutoStartup).count());
        assertThat(details.values()).allSatisfy(state -> assertThat((String) state).matches("3 consumers, \\d+ partitions assigned"));
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aListenerIsNotReadyBeforeItRunsNorWhileItsGroupIsStillAssigningPartitions() throws Exception {
        String topic = "test.readiness." + UUID.randomUUID();
        String group = "readiness-" + UUID.randomUUID();
        createTopic(topic);
        String id = "readiness-probe-" + UUID.randomUUID();
        registry.registerListenerContainer(endpoint(id, topic, group), factory, false);
        MessageListenerContainer container = registry.getListenerContainer(id);
        try {
            assertThat(stateOf(id)).isEqualTo("stopped");
            assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);

            // A member that stops polling holds the group's next assignment until it leaves: the container
            // runs, but its consumers have no partitions yet.
            try (KafkaConsumer<String, String> member = groupMember(group, topic)) {
                container.start();
                await().atMost(Duration.ofSeconds(10)).until(container::isRunning);
                Instant holdUntil = Instant.now().plusSeconds(3);
                while (Instant.now().isBefore(holdUntil)) {
                    assertThat(stateOf(id)).isEqualTo("joining its consumer group");
                    Thread.sleep(200);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners.health(true).getStatus().equals(Status.UP));
            assertThat(stateOf(id)).isEqualTo("3 consumers, 3 partitions assigned");
            assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

            container.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> "stopped".equals(stateOf(id)));
            assertThat(listeners.health(true).getStatus()).isEqualTo(Status.DOWN);
        } finally {
            container.stop();
            registry.unregisterListenerContainer(id);
        }
        assertThat(listeners.health(true).getStatus()).isEqualTo(Status.UP);
    }

    private String stateOf(String listenerId) {
        Health current = listeners.health(true);
        return (String) current.getDetails().get(listenerId);
    }

    private static MethodKafkaListenerEndpoint<String, String> endpoint(String id, String topic, String group)
            throws NoSuchMethodException {
        MethodKafkaListenerEndpoint<String, String> endpoint = new MethodKafkaListenerEndpoint<>();
        endpoint.setId(id);
        endpoint.setGroupId(group);
        endpoint.setTopics(topic);
        endpoint.setBean(new Sink());
        endpoint.setMethod(Sink.class.getMethod("accept", ConsumerRecord.class));
        DefaultMessageHandlerMethodFactory methods = new DefaultMessageHandlerMethodFactory();
        methods.afterPropertiesSet();
        endpoint.setMessageHandlerMethodFactory(methods);
        return endpoint;
    }

    public static final class Sink {
        public void accept(ConsumerRecord<String, String> record) {
        }
    }

    /** A member of {@code group} that has its partitions and then stops polling. */
    private static KafkaConsumer<String, String> groupMember(String group, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 60_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(topic));
        Instant deadline = Instant.now().plusSeconds(30);
        while (consumer.assignment().isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(100));
        }
        assertThat(consumer.assignment()).as("the member's partitions").hasSize(3);
        return consumer;
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
    }
}
