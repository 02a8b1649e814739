package dev.flashsale.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer settings every service gets from the messaging library, as its listeners' consumers see them. */
@MessagingIntegrationTest
class ConsumerDefaultsIT {

    @Autowired
    ConsumerFactory<?, ?> consumers;

    @Test
    void anIdleConsumerAsksTheBrokerEveryTwoSecondsAndGetsARecordAsSoonAsItIsThere() {
        assertThat(consumers.getConfigurationProperties())
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2000)
                .doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
        assertThat(consumers.getConfigurationProperties().get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)).isEqualTo("earliest");
    }
}
