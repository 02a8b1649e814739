package dev.flashsale.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ControlServerIT {

    @TempDir
    Path projectDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tellsTheProcessOfEveryRunningPartTheStartUpTimeAndTheGatewaySecret() throws Exception {
        LocalStackSettings settings = new LocalStackSettings(projectDir, projectDir.resolve(".local-stack"),
                freePort(), freePort(), freePort(), "local", "the-gateway-secret", LocalStackSettings.LOCAL_JWT_SECRET,
                List.of("-Xmx256m"), Map.of());
        int port = freePort();
        try (LocalStack stack = new LocalStack(settings).start(); ControlServer ignored = ControlServer.start(stack, port)) {
            Map<String, Long> processes = new HashMap<>();
            for (String line : get(port, "/processes").body().strip().split("\n")) {
                String[] parts = line.split(" ");
                processes.put(parts[0], Long.parseLong(parts[1]));
            }
            assertThat(processes).containsOnlyKeys("postgres", "kafka");
            processes.forEach((name, pid) -> assertThat(ProcessHandle.of(pid)).as(name).hasValueSatisfying(
                    process -> assertThat(process.isAlive()).isTrue()));
            assertThat(processes.get("kafka")).isEqualTo(stack.processIds().get("kafka"));

            assertThat(get(port, "/startup").body().lines().toList().get(1)).isEqualTo("no class-data archives");
            assertThat(Double.parseDouble(get(port, "/startup").body().lines().findFirst().orElseThrow()))
                    .isPositive()
                    .isEqualTo(stack.startedIn().orElseThrow().toMillis() / 1000.0, within(0.05));
            assertThat(get(port, "/gateway-secret").body().strip()).isEqualTo("the-gateway-secret");
            assertThat(get(port, "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
