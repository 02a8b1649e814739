package dev.flashsale.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fail closed: no application with this library runs outside the local profile without GATEWAY_SECRET. */
class GatewaySecretTest {

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebSupportAutoConfiguration.class));

    @Test
    void withoutTheSecretAServiceDoesNotStartAndSaysWhichVariableIsMissing() {
        context.run(started -> assertThat(started).getFailure().rootCause()
                .hasMessageContaining("GATEWAY_SECRET is not set"));
        context.withPropertyValues("flashsale.web.gateway-secret=  ")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void theGatewayItselfNeedsItToo() {
        context.withPropertyValues("flashsale.web.require-caller=false")
                .run(started -> assertThat(started).getFailure().rootCause().hasMessageContaining("GATEWAY_SECRET"));
    }

    @Test
    void aSecretTooShortToBeOneIsRefused() {
        context.withPropertyValues("flashsale.web.gateway-secret=short")
                .run(started -> assertThat(started).getFailure().rootCause().hasMessageContaining("at least 16 bytes"));
    }

    @Test
    void theLocalProfileHasASecretOfItsOwnWhenNoneIsSet() {
        context.withPropertyValues("spring.profiles.active=local")
                .run(started -> assertThat(started).hasNotFailed().hasBean("callerFilter").hasSingleBean(GatewayIdentity.class));
    }

    @Test
    void withTheSecretEveryRequestMustCarryACallerAndOnTheGatewayNone() {
        context.withPropertyValues("flashsale.web.gateway-secret=a-secret-long-enough")
                .run(started -> assertThat(started).hasBean("callerFilter"));
        context.withPropertyValues("flashsale.web.gateway-secret=a-secret-long-enough", "flashsale.web.require-caller=false")
                .run(started -> assertThat(started).doesNotHaveBean("callerFilter").hasSingleBean(GatewayIdentity.class));
    }

    @Test
    void theSecretComesFromTheGatewaySecretEnvironmentVariable() {
        assertThat(defaults(Map.of("GATEWAY_SECRET", "from-env")).getProperty("flashsale.web.gateway-secret"))
                .isEqualTo("from-env");
        assertThat(defaults(Map.of()).getProperty("flashsale.web.gateway-secret")).isEmpty();
    }

    @Test
    void oneZoneSettingGivesTheClockAndTheMessagingLibraryTheirZone() {
        assertThat(defaults(Map.of()).getProperty("flashsale.messaging.zone")).isEqualTo("Asia/Seoul");
        assertThat(defaults(Map.of("FLASHSALE_ZONE", "UTC")).getProperty("flashsale.messaging.zone")).isEqualTo("UTC");
        context.withPropertyValues("flashsale.web.gateway-secret=a-secret-long-enough", "flashsale.zone=Europe/Paris")
                .run(started -> assertThat(started.getBean(Clock.class).getZone()).isEqualTo(ZoneId.of("Europe/Paris")));
        context.withPropertyValues("flashsale.web.gateway-secret=a-secret-long-enough")
                .run(started -> assertThat(started.getBean(Clock.class).getZone()).isEqualTo(ZoneId.of("Asia/Seoul")));
    }

    private static StandardEnvironment defaults(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", variables));
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
