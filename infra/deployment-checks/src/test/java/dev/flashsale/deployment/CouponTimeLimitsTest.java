package dev.flashsale.deployment;

import dev.flashsale.groupcommit.GroupCommitSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A coupon claim's time limits nest. coupon-service answers every issue request within its queue timeout plus its
 * batch timeout (plus its timekeeper's slack: the engine's own {@link GroupCommitSettings#longestWait()}); the gateway
 * waits for coupon-service up to its coupon time limit. The first must end at least {@link #HEADROOM} before the
 * second, or the gateway answers 503 for a claim coupon-service is still deciding, and may yet issue. Checked for both
 * services' defaults and for what docker-compose.yml sets.
 */
class CouponTimeLimitsTest {

    /**
     * What a request spends outside coupon-service's bound: the way from the gateway and back, waiting for a Tomcat
     * worker, reading the body and checking the user before the bound starts, writing the answer after it ends.
     */
    static final Duration HEADROOM = Duration.ofSeconds(1);

    private static final String GATEWAY = "api-gateway/src/main/resources/application.yml";
    private static final String COUPON_SERVICE = "coupon-service/src/main/resources/application.yml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+):([^}]+)}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    @Test
    void couponServiceAnswersEveryClaimWellBeforeTheGatewayStopsWaitingForIt() {
        Setting gatewayLimit = setting(GATEWAY, "flashsale", "gateway", "services", "coupon", "time-limit");
        Setting queueTimeout = setting(COUPON_SERVICE, "flashsale", "coupon", "issuance", "queue-timeout");
        Setting batchTimeout = setting(COUPON_SERVICE, "flashsale", "coupon", "issuance", "batch-timeout");

        assertNests("the defaults", gatewayLimit.fallback(), queueTimeout.fallback(), batchTimeout.fallback());

        Map<String, Object> gateway = environment("api-gateway");
        Map<String, Object> coupon = environment("coupon-service");
        assertNests("docker-compose.yml", gatewayLimit.in(gateway), queueTimeout.in(coupon), batchTimeout.in(coupon));
    }

    @Test
    void refusesLimitsThatDoNotNest() {
        Duration five = Duration.ofSeconds(5);
        assertThatThrownBy(() -> assertNests("equal limits", five, five, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertNests("no headroom", five, Duration.ofSeconds(2), Duration.ofMillis(2_500)))
                .isInstanceOf(AssertionError.class);
        assertNests("room to spare", five, Duration.ofMillis(1_500), Duration.ofSeconds(2));
    }

    static void assertNests(String where, Duration gatewayLimit, Duration queueTimeout, Duration batchTimeout) {
        Duration longestWait = new GroupCommitSettings(1, 1, queueTimeout, batchTimeout, 1, Duration.ZERO).longestWait();
        assertThat(longestWait.plus(HEADROOM))
                .as("%s: coupon-service's longest wait %s (queue %s + batch %s + slack) plus %s headroom, against the gateway's"
                        + " coupon time limit %s", where, longestWait, queueTimeout, batchTimeout, HEADROOM, gatewayLimit)
                .isLessThanOrEqualTo(gatewayLimit);
    }

    /** A setting written {@code ${VARIABLE:default}}: its environment variable and its default. */
    private record Setting(String variable, Duration fallback) {

        Duration in(Map<String, Object> environment) {
            Object value = environment.get(variable);
            return value == null ? fallback : duration(String.valueOf(value));
        }
    }

    private static Setting setting(String file, String... path) {
        Object node = Yaml.read(file);
        for (String key : path) {
            node = Yaml.map(node).get(key);
        }
        Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(node));
        assertThat(placeholder.matches()).as(file + " " + String.join(".", path) + " is ${VARIABLE:default}: " + node).isTrue();
        return new Setting(placeholder.group(1), duration(placeholder.group(2)));
    }

    private static Map<String, Object> environment(String service) {
        return Yaml.map(Yaml.map(Yaml.map(Yaml.read("docker-compose.yml").get("services")).get(service)).get("environment"));
    }

    private static Duration duration(String text) {
        Matcher duration = DURATION.matcher(text.trim());
        assertThat(duration.matches()).as("a duration like 500ms, 5s or 1m: " + text).isTrue();
        long amount = Long.parseLong(duration.group(1));
        return switch (duration.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
