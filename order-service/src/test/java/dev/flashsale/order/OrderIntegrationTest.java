package dev.flashsale.order;

import dev.flashsale.order.support.OrderTestConfiguration;
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
 * The order-service on the JVM's real PostgreSQL and Kafka, over real HTTP, with a clock the tests move
 * and scripted participants in place of product-, coupon- and balance-service. Every integration test class of
 * this module uses this one annotation and nothing else that changes the context, so Spring starts once.
 * Requests carry a caller identity signed as the gateway would: an admin's, unless a test sends its own
 * ({@link GatewayCallers}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = GatewayCallers.SECRET_PROPERTY)
@RealInfrastructure
@AutoConfigureRestTestClient
@Import({GatewayCallers.AdminByDefault.class, OrderTestConfiguration.class})
public @interface OrderIntegrationTest {
}
