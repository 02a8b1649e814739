package dev.flashsale.ranking;

import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.RealInfrastructure;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The ranking-service on the JVM's real PostgreSQL and Kafka, over real HTTP. Every integration test class of
 * this module uses this one annotation and nothing else that changes the context, so Spring starts once.
 * Requests carry a caller identity signed as the gateway would: an admin's, unless a test sends its own
 * ({@link GatewayCallers}).
 * The clock is a {@link dev.flashsale.testkit.MutableClock} the tests move, and the scheduled aggregations are
 * off: a test runs the batch itself, so no run at a full hour of the real clock counts its sales behind its back.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        GatewayCallers.SECRET_PROPERTY,
        "flashsale.ranking.aggregation.hourly-cron=-",
        "flashsale.ranking.aggregation.daily-close-cron=-",
        // The tests move the clock years ahead; the inbox must keep its rows while they run.
        "flashsale.messaging.retention.interval=1h"})
@RealInfrastructure
@AutoConfigureRestTestClient
@Import({GatewayCallers.AdminByDefault.class, RankingTestConfiguration.class})
public @interface RankingIntegrationTest {
}
