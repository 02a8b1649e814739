package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway costs: the same trivial endpoint of a stub service, called directly and through the
 * gateway (token check, ownership check, rate limit, identity headers, breaker, proxy), by the same
 * closed-loop clients (first one, then sixteen). Run with {@code mvn -q -o -pl api-gateway verify -Pbenchmark}.
 */
@Tag("benchmark")
@GatewayIntegrationTest
class GatewayOverheadBenchmarkIT {

    /** One client shows the latency a request pays; sixteen show the throughput of the two cores. */
    private static final int[] CLIENTS = {1, 16};
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration MEASURE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void printsTheGatewaysOverheadOnATrivialEndpoint() throws Exception {
        long userId = TestTokens.newUserId();
        String path = "/api/v1/users/" + userId + "/balance";
        HttpRequest direct = HttpRequest.newBuilder(URI.create(StubServices.balance().url() + path)).GET().build();
        HttpRequest throughGateway = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestTokens.user(userId)).GET().build();

        run(direct, CLIENTS[CLIENTS.length - 1], WARM_UP);
        run(throughGateway, CLIENTS[CLIENTS.length - 1], WARM_UP);

        StringBuilder report = new StringBuilder(String.format("%n=== api-gateway overhead: %d s per run, %d cores, load average %s ===%n",
                MEASURE.toSeconds(), Runtime.getRuntime().availableProcessors(), loadAverage()));
        for (int clients : CLIENTS) {
            Result directResult = run(direct, clients, MEASURE);
            Result gatewayResult = run(throughGateway, clients, MEASURE);
            report.append(directResult.line("direct, " + clients + " clients")).append('\n')
                    .append(gatewayResult.line("gateway, " + clients + " clients")).append('\n')
                    .append(String.format("  gateway adds: p50 +%.2f ms, p99 +%.2f ms%n",
                            gatewayResult.percentileMillis(50) - directResult.percentileMillis(50),
                            gatewayResult.percentileMillis(99) - directResult.percentileMillis(99)));
            assertThat(directResult.errors()).isZero();
            assertThat(gatewayResult.errors()).isZero();
        }
        System.out.println(report.append("load average now ").append(loadAverage()));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }

    private Result run(HttpRequest request, int clientCount, Duration duration) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(clientCount);
        long end = System.nanoTime() + duration.toNanos();
        try {
            List<Future<long[]>> latencies = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                latencies.add(clients.submit(() -> loop(request, end)));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> latency : latencies) {
                all.add(latency.get());
            }
            return Result.of(all, duration);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Sends the request until {@code end}; answers with the latencies, a negative one for each error. */
    private long[] loop(HttpRequest request, long end) throws Exception {
        long[] latencies = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = response.statusCode() == 200 ? took : -took;
        }
        return Arrays.copyOf(latencies, count);
    }

    private record Result(long[] sortedNanos, long errors, Duration duration) {

        static Result of(List<long[]> perClient, Duration duration) {
            long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
            long errors = Arrays.stream(all).filter(latency -> latency < 0).count();
            long[] sorted = Arrays.stream(all).map(Math::abs).sorted().toArray();
            return new Result(sorted, errors, duration);
        }

        double percentileMillis(int percentile) {
            int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, index)] / 1_000_000.0;
        }

        String line(String name) {
            return String.format("%-22s %8.0f requests/s   p50 %6.2f ms   p99 %6.2f ms   errors %d",
                    name, sortedNanos.length / (double) duration.toSeconds(),
                    percentileMillis(50), percentileMillis(99), errors);
        }
    }
}
