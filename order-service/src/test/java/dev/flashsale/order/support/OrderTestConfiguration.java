package dev.flashsale.order.support;

import dev.flashsale.testkit.MutableClock;
import dev.flashsale.testkit.SharedInfrastructure;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What every integration test of this module shares: a clock the tests move past saga deadlines, and
 * the scripted participants on the real broker.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OrderTestConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return MutableClock.startingNow();
    }

    @Bean(destroyMethod = "close")
    ScriptedParticipants scriptedParticipants() {
        return new ScriptedParticipants(SharedInfrastructure.kafkaBootstrapServers());
    }
}
