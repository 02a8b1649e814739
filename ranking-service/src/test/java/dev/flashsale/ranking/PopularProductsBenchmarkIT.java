package dev.flashsale.ranking;

import dev.flashsale.contracts.events.OrderCompleted;
import dev.flashsale.testkit.GatewayCallers;
import dev.flashsale.testkit.LatencyRecorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.flashsale.ranking.CompletedOrder.anOrder;
import static dev.flashsale.ranking.CompletedOrder.kst;
import static dev.flashsale.ranking.CompletedOrder.newProduct;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads of {@code GET /api/v1/products/popular} against {@code GET /actuator/health/liveness} (a trivial
 * endpoint of the same service) in one run, same client, same concurrency, over real HTTP on loopback.
 * Client and server share the machine's cores, so the figures compare the two endpoints; they are not
 * the service's capacity. Run with {@code mvn -q -o -pl ranking-service verify -Pbenchmark}.
 */
@Tag("benchmark")
@RankingIntegrationTest
class PopularProductsBenchmarkIT {

    private static final int CLIENTS = 8;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final int ROUNDS = 2;

    @Autowired
    SalesFeed feed;
    @Autowired
    RankingApi ranking;
    @Autowired
    TestCalendar calendar;
    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void readsPopularProductsAsFastAsATrivialEndpoint() throws Exception {
        LocalDate today = calendar.freshDayAtNoon();
        List<OrderCompleted> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            orders.add(anOrder().completedAt(kst(today.minusDays(i % 3), 10, i % 60)).of(newProduct(), 1 + i % 7).build());
        }
        feed.publishAndAwait(orders.toArray(OrderCompleted[]::new));
        ranking.aggregate();
        assertThat(ranking.popular().items()).hasSize(5);

        System.out.printf("%nPopular products vs liveness: %d cores, %d client threads, %s per measurement%n",
                Runtime.getRuntime().availableProcessors(), CLIENTS, MEASURE);
        for (String path : List.of("/api/v1/products/popular", "/actuator/health/liveness")) {
            measure(path, WARM_UP);
        }
        for (int round = 1; round <= ROUNDS; round++) {
            for (String path : List.of("/api/v1/products/popular", "/actuator/health/liveness")) {
                Result result = measure(path, MEASURE);
                System.out.printf("round %d  %-28s %,9.0f req/s   p50 %5.2f ms   p99 %5.2f ms   (%,d requests)%n",
                        round, path, result.perSecond(), result.percentileMillis(50), result.percentileMillis(99), result.count());
                assertThat(result.failures()).isZero();
            }
        }
    }

    private Result measure(String path, Duration duration) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(GatewayCallers.HEADER, GatewayCallers.anonymous()).GET().build();
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicInteger failures = new AtomicInteger();
        LatencyRecorder latencies = new LatencyRecorder();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> runs = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            runs.add(clients.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    latencies.recordNanos(System.nanoTime() - sent);
                    if (response.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - started;
        clients.shutdown();
        return new Result(latencies, elapsed, failures.get());
    }

    private record Result(LatencyRecorder latencies, long elapsedNanos, int failures) {

        long count() {
            return latencies.count();
        }

        double perSecond() {
            return count() / (elapsedNanos / 1e9);
        }

        double percentileMillis(int percentile) {
            return LatencyRecorder.Summary.millis(latencies.percentile(percentile));
        }
    }
}
