package dev.flashsale.messaging.testapp;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** A minimal service that uses the messaging library the way every real service does. */
@SpringBootApplication
public class MessagingTestApplication {

    @Bean
    KafkaAdmin.NewTopics testTopics() {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(TestEvent.TOPIC).partitions(6).build(),
                TopicBuilder.name(Probe.TOPIC).partitions(3).build(),
                TopicBuilder.name(Probe.TOPIC + ".dlq").partitions(3).build(),
                TopicBuilder.name(BatchItem.TOPIC).partitions(3).build(),
                TopicBuilder.name(BatchItem.TOPIC + ".dlq").partitions(3).build(),
                TopicBuilder.name(BenchmarkItem.TOPIC).partitions(3).build());
    }
}
