package dev.flashsale.testkit;

import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a Spring test context against the JVM's shared real PostgreSQL (a fresh database for the
 * context) and real Kafka broker. Put it next to {@code @SpringBootTest}; contexts with the same
 * configuration are cached and share their database, so a module's test classes start Spring once.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
public @interface RealInfrastructure {
}
