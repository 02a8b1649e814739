package dev.flashsale.messaging;

import dev.flashsale.messaging.testapp.MessagingTestApplication;
import dev.flashsale.testkit.RealInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One Spring context for every integration test of the library, on the JVM's real PostgreSQL and Kafka. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(classes = MessagingTestApplication.class)
@RealInfrastructure
@interface MessagingIntegrationTest {
}
