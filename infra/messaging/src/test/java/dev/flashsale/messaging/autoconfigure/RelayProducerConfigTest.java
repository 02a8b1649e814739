package dev.flashsale.messaging.autoconfigure;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox relay's producer settings, from a service's Kafka properties. */
class RelayProducerConfigTest {

    @Test
    void recordsAreSentUncompressedAcknowledgedByAllReplicasAndNeverGivenUp() {
        Map<String, Object> config = MessagingAutoConfiguration.relayProducerConfig(new KafkaProperties(), "outbox_orders");

        assertThat(config)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 2)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-outbox_orders");
    }

    @Test
    void aServiceMayCompressAndLingerAsItsKafkaPropertiesSay() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.getProducer().setCompressionType("lz4");
        kafka.getProducer().getProperties().put(ProducerConfig.LINGER_MS_CONFIG, "5");

        Map<String, Object> config = MessagingAutoConfiguration.relayProducerConfig(kafka, "outbox_orders");

        assertThat(config)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }
}
