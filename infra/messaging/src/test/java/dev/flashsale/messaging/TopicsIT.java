package dev.flashsale.messaging;

import dev.flashsale.contracts.Topics;
import dev.flashsale.testkit.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The topics the library creates carry the configured replication: on the test's single broker, 1 and 1. */
@MessagingIntegrationTest
class TopicsIT {

    @Test
    void everyTopicAndItsDeadLetterTopicIsCreatedWithTheConfiguredReplicasAndMinInsyncReplicas() throws Exception {
        List<String> names = new ArrayList<>();
        Topics.ALL.forEach(topic -> names.addAll(List.of(topic, Topics.deadLetter(topic))));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            assertThat(topics).hasSize(names.size());
            topics.values().forEach(topic -> assertThat(topic.partitions()).as(topic.name())
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1)));

            List<ConfigResource> resources = names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            configs.forEach((resource, config) -> {
                ConfigEntry minInsync = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                assertThat(minInsync.value()).as(resource.name()).isEqualTo("1");
                assertThat(minInsync.source()).as("%s: set on the topic, not the broker's default", resource.name())
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            });
        }
    }
}
