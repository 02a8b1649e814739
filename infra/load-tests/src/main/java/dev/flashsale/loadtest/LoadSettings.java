package dev.flashsale.loadtest;

import dev.flashsale.localstack.LocalStackSettings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the stack under test listens and how big the scenarios are. System properties ({@code -Dload.x=...})
 * override the defaults; the addresses follow {@code LOCAL_STACK_PORT_OFFSET} like the stack's own ports.
 *
 * <table>
 * <tr><td>{@code load.gateway}</td><td>{@code http://localhost:8080}</td></tr>
 * <tr><td>{@code load.kafka}</td><td>{@code localhost:9092}</td></tr>
 * <tr><td>{@code load.control}</td><td>{@code http://127.0.0.1:8079}</td></tr>
 * <tr><td>{@code load.settle-timeout-seconds}</td><td>180: how long the checker waits for open sagas</td></tr>
 * <tr><td>{@code load.results-dir}</td><td>{@code target/load-results}</td></tr>
 * </table>
 */
public record LoadSettings(String gatewayUrl, String kafkaBootstrapServers, String controlUrl, Duration settleTimeout,
                           Path resultsDir) {

    public static LoadSettings fromSystem() {
        int offset = LocalStackSettings.portOffset(System.getenv());
        return new LoadSettings(
                System.getProperty("load.gateway", "http://localhost:" + (8080 + offset)),
                System.getProperty("load.kafka", "localhost:" + (9092 + offset)),
                System.getProperty("load.control", "http://127.0.0.1:" + (8079 + offset)),
                Duration.ofSeconds(Long.getLong("load.settle-timeout-seconds", 180)),
                Path.of(System.getProperty("load.results-dir", "target/load-results")));
    }

    /** An integer scenario parameter, {@code -Dload.<name>=...}. */
    public static int parameter(String name, int fallback) {
        return Integer.getInteger("load." + name, fallback);
    }
}
