package dev.flashsale.balance;

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
 * The balance-service on the JVM's real PostgreSQL and Kafka, over real HTTP. Every integration test class of
 * this module uses this one annotation and nothing else that changes the context, so Spring starts once.
 * Requests carry a caller identity signed as the gateway would: an admin's, unless a test sends its own
 * ({@link GatewayCallers}).
 *
 * <p>The tests run three consumers of the command topic, as a bigger deployment would ({@code
 * BALANCE_LISTENER_CONCURRENCY}): with the default of one, nothing would run two batches at once, and
 * {@code BalanceCommandsIT}'s deadlock test could not fail whatever the commands were keyed by.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {GatewayCallers.SECRET_PROPERTY,
        "spring.kafka.listener.concurrency=3"})
@RealInfrastructure
@AutoConfigureRestTestClient
@Import(GatewayCallers.AdminByDefault.class)
public @interface BalanceIntegrationTest {
}
