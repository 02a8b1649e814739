package dev.flashsale.testkit;

import dev.flashsale.embedded.EmbeddedPostgresServer;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/** Points a context at the shared infrastructure: a new database of its own and the shared broker. */
public final class RealInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The broker logs every topic and group change at INFO; a test run needs only its warnings. */
    private static final String[] NOISY_LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger", "io.zonky"};

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        LoggingSystem logging = LoggingSystem.get(context.getClassLoader());
        for (String logger : NOISY_LOGGERS) {
            logging.setLogLevel(logger, LogLevel.WARN);
        }
        ConfigurableEnvironment environment = context.getEnvironment();
        String name = environment.getProperty("spring.application.name", "test");
        String url = SharedInfrastructure.newDatabase(name);
        environment.getPropertySources().addFirst(new MapPropertySource("realInfrastructure", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", EmbeddedPostgresServer.USER,
                "spring.datasource.password", "",
                "spring.kafka.bootstrap-servers", SharedInfrastructure.kafkaBootstrapServers(),
                // One broker: one copy of each topic, and a write acknowledged by it alone.
                "flashsale.messaging.topics.replicas", "1",
                "flashsale.messaging.topics.min-insync-replicas", "1")));
    }
}
