package dev.flashsale.gateway;

import dev.flashsale.gateway.support.TestTokens;
import dev.flashsale.standin.BalanceStandIn;
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
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway costs, as issue 15 measures it: {@code GET /api/v1/users/{userId}/balance} with a token, by 64
 * connections at once, through the gateway and sent straight to the service behind it, in the same run. The service
 * is {@link BalanceStandIn}: balance-service's web path (every filter web-support gives a service) without its
 * database read, so the comparison is harsher on the gateway than the real one. Gateway, service and clients share
 * this JVM and the machine's cores, as they share a host in the local stack.
 *
 * <p>The two are measured in alternating rounds after a warm-up of both, so a change in the machine's other load
 * falls on both alike. Printed: requests/s, latency percentiles, the ratio of the two throughputs, and the CPU time
 * per request of the gateway's and the service's threads (their Tomcat threads by port; the proxy's HTTP client runs
 * on the gateway's request threads). Run with
 * {@code mvn -pl api-gateway -am verify -Pbenchmark -Dit.test=GatewayOverheadBenchmarkIT}.
 */
@Tag("benchmark")
class GatewayOverheadBenchmarkIT {

    private static final int CONNECTIONS = Integer.getInteger("benchmark.connections", 64);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warm-up-seconds", 20));
    private static final Duration ROUND = Duration.ofSeconds(Long.getLong("benchmark.round-seconds", 5));
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 4);
    private static final String DOWNSTREAM_SECRET = "benchmark-secret-shared-by-gateway-and-service";
    private static final String CLIENT_THREAD = "benchmark-client-";

    @Test
    void printsTheGatewaysThroughputAgainstTheServiceBehindItAt64Connections() throws Exception {
        int servicePort = freePort();
        int gatewayPort = freePort();
        try (ConfigurableApplicationContext service = BalanceStandIn.start(Map.of(
                "server.port", servicePort,
                "GATEWAY_SECRET", DOWNSTREAM_SECRET));
             ConfigurableApplicationContext gateway = startGateway(gatewayPort, BalanceStandIn.url(service));
             CloseableHttpClient client = client()) {
            AtomicInteger names = new AtomicInteger();
            // One pool for the whole run: a thread's CPU time is lost to the count once it ends.
            ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS,
                    runnable -> new Thread(runnable, CLIENT_THREAD + names.incrementAndGet()));

            long firstUser = TestTokens.newUserId();
            List<String> tokens = new ArrayList<>();
            List<String> identities = new ArrayList<>();
            GatewayIdentity signer = GatewayIdentity.withSecret(DOWNSTREAM_SECRET);
            for (int c = 0; c < CONNECTIONS; c++) {
                tokens.add(TestTokens.user(firstUser + c));
                identities.add(signer.sign(new Caller(firstUser + c, Set.of()), Instant.now().plus(Duration.ofHours(1))));
            }
            Target direct = new Target("direct", new HttpHost("http", "127.0.0.1", servicePort),
                    c -> directRequest(firstUser + c, identities.get((int) c)));
            Target throughGateway = new Target("gateway", new HttpHost("http", "127.0.0.1", gatewayPort), c -> {
                HttpGet get = new HttpGet("/api/v1/users/" + (firstUser + c) + "/balance");
                get.setHeader("Authorization", tokens.get((int) c));
                return get;
            });

            String loadBefore = loadAverage();
            for (Target target : List.of(direct, throughGateway, direct, throughGateway)) {
                run(clients, client, target, WARM_UP.dividedBy(4), new Totals(), servicePort, gatewayPort);
            }
            Totals directTotals = new Totals();
            Totals gatewayTotals = new Totals();
            try (Profile profile = Profile.startIfAsked()) {
                for (int round = 0; round < ROUNDS; round++) {
                    run(clients, client, direct, ROUND, directTotals, servicePort, gatewayPort);
                    run(clients, client, throughGateway, ROUND, gatewayTotals, servicePort, gatewayPort);
                }
            }

            double ratio = gatewayTotals.perSecond() / directTotals.perSecond();
            System.out.printf("%n=== api-gateway vs the service behind it: GET /api/v1/users/{id}/balance with a token, %d connections,"
                            + " %d rounds of %d s each, %d cores, Java %s ===%n  load average before %s, after %s%n%s%s"
                            + "  gateway / direct throughput: %.2fx%n",
                    CONNECTIONS, ROUNDS, ROUND.toSeconds(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), loadBefore, loadAverage(),
                    directTotals.report("direct to the service"), gatewayTotals.report("through the gateway"), ratio);
            clients.shutdownNow();
            // A loaded machine may push a rare request past a time limit (503); a benchmark set up wrong fails them all.
            assertThat(directTotals.errorShare()).as("share of errors sent straight to the service").isLessThan(0.01);
            assertThat(gatewayTotals.errorShare()).as("share of errors through the gateway").isLessThan(0.01);
        }
    }

    /**
     * The request as it reaches the service from the gateway: with the caller identity the gateway signs, here signed
     * once per connection for the whole run (the service verifies it on every request, as it does the gateway's).
     */
    private static HttpGet directRequest(long userId, String identity) {
        HttpGet get = new HttpGet("/api/v1/users/" + userId + "/balance");
        get.setHeader(GatewayHeaders.CALLER, identity);
        return get;
    }

    private static ConfigurableApplicationContext startGateway(int port, String balanceUrl) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", port);
        properties.put("GATEWAY_SECRET", DOWNSTREAM_SECRET);
        properties.put("flashsale.gateway.jwt.secret", TestTokens.SECRET);
        properties.put("flashsale.gateway.services.balance.url", balanceUrl);
        // Every other service is never called here.
        for (String other : List.of("product", "coupon", "order", "ranking")) {
            properties.put("flashsale.gateway.services." + other + ".url", "http://127.0.0.1:9");
        }
        // The limiter runs on every request but lets all through: the clients are a few users asking as fast as they can.
        properties.put("resilience4j.ratelimiter.configs.default.limit-for-period", 10_000_000);
        return new SpringApplicationBuilder(ApiGatewayApplication.class).run(BalanceStandIn.arguments(properties));
    }

    private static CloseableHttpClient client() {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(CONNECTIONS * 2).setMaxConnPerRoute(CONNECTIONS).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .build();
    }

    /** {@code CONNECTIONS} closed-loop clients on {@code target} for {@code duration}, added to {@code totals}. */
    private static void run(ExecutorService clients, CloseableHttpClient client, Target target, Duration duration,
                            Totals totals, int servicePort, int gatewayPort) throws Exception {
        CpuTime cpuBefore = CpuTime.now(servicePort, gatewayPort);
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
        totals.cpu.add(CpuTime.now(servicePort, gatewayPort).minus(cpuBefore));
    }

    private static Void loop(CloseableHttpClient client, Target target, int connection, long end, Totals totals)
            throws IOException {
        while (System.nanoTime() < end) {
            HttpGet request = target.request().apply(connection);
            long started = System.nanoTime();
            int status = client.execute(target.host(), request, response -> {
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }

    /**
     * A JFR recording of the measured rounds (settings {@code profile}, Java stacks sampled every millisecond) into the
     * file {@code -Dbenchmark.jfr} names;
     * read it with {@code jfr print --events jdk.ExecutionSample <file>}.
     */
    private record Profile(Recording recording, Path file) implements AutoCloseable {

        static Profile startIfAsked() throws IOException, java.text.ParseException {
            String file = System.getProperty("benchmark.jfr");
            if (file == null || file.isBlank()) {
                return new Profile(null, null);
            }
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            // Every millisecond rather than every 10: enough samples from a short run on a busy machine.
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            return new Profile(recording, Path.of(file));
        }

        @Override
        public void close() throws IOException {
            if (recording != null) {
                recording.stop();
                recording.dump(file);
                recording.close();
                System.out.println("profile of the measured rounds: " + file.toAbsolutePath());
            }
        }
    }

    /** Where the requests go; {@code request} builds connection c's request. */
    private record Target(String name, HttpHost host, LongFunction<HttpGet> request) {
    }

    /** Everything measured on one target over all its rounds. */
    private static final class Totals {
        final LatencyRecorder latencies = new LatencyRecorder();
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        final CpuTime cpu = new CpuTime(new LinkedHashMap<>());
        long nanos;

        double errorShare() {
            return errors.sum() / (double) Math.max(1, requests.sum());
        }

        double perSecond() {
            return requests.sum() / (nanos / 1e9);
        }

        String report(String name) {
            long count = requests.sum();
            return String.format("  %-22s %8.0f requests/s   p50 %6.2f ms   p99 %6.2f ms   p99.9 %6.2f ms   errors %s%n"
                            + "  %-22s CPU per request: %s%n",
                    name, perSecond(), millis(latencies.percentile(50)), millis(latencies.percentile(99)),
                    millis(latencies.percentile(99.9)), statuses, "", cpu.perRequest(count));
        }

        private static double millis(Duration latency) {
            return LatencyRecorder.Summary.millis(latency);
        }
    }

    /** CPU time of this JVM's threads, by who they work for: gateway, service, clients, the rest (GC, JIT, ...). */
    private record CpuTime(Map<String, Long> nanosByGroup) {

        static CpuTime now(int servicePort, int gatewayPort) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> byGroup = new LinkedHashMap<>();
            for (String group : List.of("gateway", "service", "clients", "rest")) {
                byGroup.put(group, 0L);
            }
            for (long id : threads.getAllThreadIds()) {
                ThreadInfo info = threads.getThreadInfo(id);
                long cpu = threads.getThreadCpuTime(id);
                if (info == null || cpu < 0) {
                    continue;
                }
                byGroup.merge(groupOf(info.getThreadName(), servicePort, gatewayPort), cpu, Long::sum);
            }
            return new CpuTime(byGroup);
        }

        private static String groupOf(String thread, int servicePort, int gatewayPort) {
            if (thread.contains("-" + gatewayPort + "-")) {
                return "gateway";
            }
            if (thread.contains("-" + servicePort + "-")) {
                return "service";
            }
            return thread.startsWith(CLIENT_THREAD) ? "clients" : "rest";
        }

        CpuTime minus(CpuTime before) {
            Map<String, Long> difference = new LinkedHashMap<>();
            nanosByGroup.forEach((group, nanos) -> difference.put(group, nanos - before.nanosByGroup.getOrDefault(group, 0L)));
            return new CpuTime(difference);
        }

        void add(CpuTime more) {
            more.nanosByGroup.forEach((group, nanos) -> nanosByGroup.merge(group, nanos, Long::sum));
        }

        String perRequest(long requests) {
            StringBuilder line = new StringBuilder();
            nanosByGroup.forEach((group, nanos) -> line.append(String.format("%s %.0f µs  ", group,
                    requests == 0 ? 0.0 : nanos / 1e3 / requests)));
            return line.toString().trim();
        }
    }
}
