package dev.flashsale.messaging.autoconfigure;

import dev.flashsale.contracts.Topics;
import dev.flashsale.messaging.MessagingProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Collection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlashsaleTopicsTest {

    @Test
    void topicsAreReplicatedThreeTimesWithTwoInSyncUnlessConfiguredOtherwise() {
        Collection<NewTopic> topics = MessagingAutoConfiguration.topics(properties(Map.of()).topics());

        assertThat(topics).hasSize(Topics.ALL.size() * 2);
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        });
    }

    @Test
    void aSingleLocalBrokerGetsOneCopyAndOneInSync() {
        Collection<NewTopic> topics = MessagingAutoConfiguration.topics(properties(Map.of(
                "flashsale.messaging.topics.replicas", "1", "flashsale.messaging.topics.min-insync-replicas", "1")).topics());

        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.replicationFactor()).isEqualTo((short) 1);
            assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
        });
    }

    private static MessagingProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("flashsale.messaging", MessagingProperties.class);
    }
}
