package dev.flashsale.ranking;

import dev.flashsale.messaging.MessageCodec;
import dev.flashsale.testkit.MutableClock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/** What every integration test of the module shares: the clock it moves, the feed of completed orders, the endpoints and the tables. */
@TestConfiguration(proxyBeanMethods = false)
class RankingTestConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return MutableClock.startingNow();
    }

    @Bean
    TestCalendar testCalendar(MutableClock clock) {
        return new TestCalendar(clock);
    }

    @Bean
    SalesFeed salesFeed(KafkaTemplate<String, String> kafka, MessageCodec codec, JdbcClient jdbc) {
        return new SalesFeed(kafka, codec, jdbc);
    }

    @Bean
    RankingTables rankingTables(JdbcClient jdbc) {
        return new RankingTables(jdbc);
    }

    @Bean
    RankingApi rankingApi(ObjectProvider<RestTestClient> http) {
        return new RankingApi(http);
    }
}
