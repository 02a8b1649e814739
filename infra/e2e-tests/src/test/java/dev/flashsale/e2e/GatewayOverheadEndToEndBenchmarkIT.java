package dev.flashsale.e2e;

import dev.flashsale.e2e.support.E2eStack;
import dev.flashsale.e2e.support.Shop;
import dev.flashsale.e2e.support.Shop.User;
import dev.flashsale.testkit.LatencyRecorder;
import dev.flashsale.web.Caller;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway costs in front of the real balance-service, as issue 15 measures it: {@code GET
 * /api/v1/users/{userId}/balance} with a token, by 64 connections at once, through the gateway and sent straight to
 * balance-service (with the caller identity the gateway would sign), in alternating rounds of one run on the whole
 * end-to-end stack (every service, PostgreSQL and Kafka on this machine). Printed: requests/s, latency percentiles,
 * the ratio of the two throughputs, and the CPU time per request of the gateway's and balance-service's processes.
 *
 * <pre>
 * mvn -pl infra/e2e-tests verify -Pbenchmark -Dit.test=GatewayOverheadEndToEndBenchmarkIT \
 *     -De2e.service-jvm="-Xms256m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
 * </pre>
 *
 * The services' default JVM flags in this module stop at the C1 compiler; the flags above give them C2, as a service
 * has in production. api-gateway's own {@code GatewayOverheadBenchmarkIT} measures the same against a stand-in and
 * profiles the gateway.
 */
@Tag("benchmark")
class GatewayOverheadEndToEndBenchmarkIT {

    private static final int CONNECTIONS = Integer.getInteger("benchmark.connections", 64);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warm-up-seconds", 30));
    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("benchmark.round-seconds", 5));
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 6);
    /** USER_HZ of Linux's /proc/<pid>/stat times. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private final E2eStack stack = E2eStack.get();
    private final Shop shop = new Shop(stack);

    @Test
    void printsTheGatewaysThroughputAgainstBalanceServiceAt64Connections() throws Exception {
        GatewayIdentity gatewaySigner = GatewayIdentity.withSecret(stack.gatewaySecret());
        List<User> users = new ArrayList<>();
        List<String> identities = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            User user = shop.newUser(0);
            users.add(user);
            identities.add(gatewaySigner.sign(new Caller(user.id(), Set.of()), Instant.now().plus(Duration.ofHours(1))));
        }
        Target direct = new Target(host(stack.url("balance-service")), c -> {
            HttpGet get = new HttpGet("/api/v1/users/" + users.get(c).id() + "/balance");
            get.setHeader(GatewayHeaders.CALLER, identities.get(c));
            return get;
        });
        Target throughGateway = new Target(host(stack.gatewayUrl()), c -> {
            HttpGet get = new HttpGet("/api/v1/users/" + users.get(c).id() + "/balance");
            get.setHeader("Authorization", "Bearer " + users.get(c).token());
            return get;
        });
        long gatewayPid = stack.pid("api-gateway");
        long balancePid = stack.pid("balance-service");

        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(CONNECTIONS * 2).setMaxConnPerRoute(CONNECTIONS).build())
                .disableAutomaticRetries().disableRedirectHandling().disableContentCompression().build()) {
            String loadBefore = loadAverage();
            for (Target target : List.of(direct, throughGateway, direct, throughGateway)) {
                run(clients, client, target, WARM_UP.dividedBy(4), new Totals(), gatewayPid, balancePid);
            }
            Totals directTotals = new Totals();
            Totals gatewayTotals = new Totals();
            for (int round = 0; round < ROUNDS; round++) {
                run(clients, client, direct, ROUND, directTotals, gatewayPid, balancePid);
                run(clients, client, throughGateway, ROUND, gatewayTotals, gatewayPid, balancePid);
            }
            System.out.printf("%n=== api-gateway vs balance-service, end to end: GET /api/v1/users/{id}/balance with a token, %d"
                            + " connections, %d rounds of %d s each, %d cores ===%n  load average before %s, after %s%n%s%s"
                            + "  gateway / direct throughput: %.2fx%n",
                    CONNECTIONS, ROUNDS, ROUND.toSeconds(), Runtime.getRuntime().availableProcessors(), loadBefore,
                    loadAverage(), directTotals.report("direct to the service"), gatewayTotals.report("through the gateway"),
                    gatewayTotals.perSecond() / directTotals.perSecond());
            assertThat(directTotals.errorShare()).as("share of errors sent straight to the service").isLessThan(0.01);
            assertThat(gatewayTotals.errorShare()).as("share of errors through the gateway").isLessThan(0.01);
        } finally {
            clients.shutdownNow();
        }
    }

    private static void run(ExecutorService clients, CloseableHttpClient client, Target target, Duration duration,
                            Totals totals, long gatewayPid, long balancePid) throws Exception {
        long gatewayBefore = cpuNanos(gatewayPid);
        long balanceBefore = cpuNanos(balancePid);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int connection = c;
            loops.add(clients.submit(() -> loop(client, target, connection, end, totals)));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        totals.nanos += System.nanoTime() - start;
        totals.gatewayCpuNanos += cpuNanos(gatewayPid) - gatewayBefore;
        totals.balanceCpuNanos += cpuNanos(balancePid) - balanceBefore;
    }

    private static Void loop(CloseableHttpClient client, Target target, int connection, long end, Totals totals)
            throws IOException {
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            int status = client.execute(target.host(), target.request().apply(connection), response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            totals.latencies.recordNanos(System.nanoTime() - started);
            totals.requests.increment();
            if (status != 200) {
                totals.errors.increment();
                totals.statuses.merge(status, 1, Integer::sum);
            }
        }
        return null;
    }

    /** User and system CPU time of a process so far, from /proc/<pid>/stat (fields 14 and 15). */
    private static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return (long) (ticks / CLOCK_TICKS_PER_SECOND * 1e9);
    }

    private static HttpHost host(String url) {
        URI uri = URI.create(url);
        return new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }

    private record Target(HttpHost host, IntFunction<HttpGet> request) {
    }

    private static final class Totals {
        final LatencyRecorder latencies = new LatencyRecorder();
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        long nanos;
        long gatewayCpuNanos;
        long balanceCpuNanos;

        double perSecond() {
            return requests.sum() / (nanos / 1e9);
        }

        double errorShare() {
            return errors.sum() / (double) Math.max(1, requests.sum());
        }

        String report(String name) {
            long count = Math.max(1, requests.sum());
            return String.format("  %-22s %8.0f requests/s   p50 %6.2f ms   p99 %6.2f ms   errors %s%n"
                            + "  %-22s CPU per request: api-gateway %.0f µs, balance-service %.0f µs%n",
                    name, perSecond(), LatencyRecorder.Summary.millis(latencies.percentile(50)),
                    LatencyRecorder.Summary.millis(latencies.percentile(99)),
                    statuses, "", gatewayCpuNanos / 1e3 / count, balanceCpuNanos / 1e3 / count);
        }
    }
}
