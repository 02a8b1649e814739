package dev.flashsale.loadtest.perf;

import dev.flashsale.web.Caller;
import dev.flashsale.web.GatewayHeaders;
import dev.flashsale.web.GatewayIdentity;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.testkit.LatencyRecorder;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Row 6, what the gateway costs: {@code GET /api/v1/users/{id}/balance} with a token from {@code connections}
 * closed-loop clients (one keep-alive connection and one user each), through the gateway and sent straight to
 * balance-service with the headers the gateway would add, in the same run. The two targets take turns
 * (direct, gateway, direct, gateway) so a drift of the machine's load during the row hits both alike; the
 * figure is the gateway's throughput over the direct one.
 */
final class GatewayCost {

    static final String WHAT = "gateway cost: balance read, 64 connections, gateway / direct";
    static final String AIM = ">= 0.60x";
    private static final double AIM_RATIO = 0.6;

    private GatewayCost() {
    }

    static PerfRow run(PerfContext context, int connections, Duration turn) {
        List<User> readers = context.users(0, connections);
        GatewayIdentity identity = GatewayIdentity.withSecret(context.stack().gatewaySecret());
        Instant signedUntil = Instant.now().plus(Duration.ofHours(1));
        String direct = context.serviceUrl("balance-service");
        List<HttpRequest> directReads = new ArrayList<>();
        List<HttpRequest> gatewayReads = new ArrayList<>();
        for (User user : readers) {
            String path = "/api/v1/users/" + user.id() + "/balance";
            gatewayReads.add(LoadClient.get(context.gateway() + path, LoadClient.bearer(user.token())));
            // what the gateway sends on (IdentityHeadersFilter): the caller it verified, signed with the gateway secret
            directReads.add(LoadClient.get(direct + path, Map.of(GatewayHeaders.CALLER,
                    identity.sign(new Caller(user.id(), Set.of()), signedUntil))));
        }
        System.out.printf("[perf] gateway cost: %d connections, %d s per turn, direct and through the gateway in turn%n",
                connections, turn.toSeconds());
        loop(context, directReads, Duration.ofSeconds(2), new Turns());
        loop(context, gatewayReads, Duration.ofSeconds(2), new Turns());

        Turns directTurns = new Turns();
        Turns gatewayTurns = new Turns();
        StackMeter.Sample before = context.meter().sample();
        for (int round = 0; round < 2; round++) {
            loop(context, directReads, turn, directTurns);
            loop(context, gatewayReads, turn, gatewayTurns);
        }
        StackMeter.Use use = StackMeter.Use.between(before, context.meter().sample());

        if (directTurns.ok() == 0 || gatewayTurns.ok() == 0) {
            return PerfRow.notMeasured("6", WHAT, AIM, "no 200 answers: direct " + directTurns.answers()
                    + ", gateway " + gatewayTurns.answers());
        }
        double ratio = gatewayTurns.perSecond() / directTurns.perSecond();
        List<String> details = List.of(
                String.format(Locale.ROOT, "direct to balance-service: %,.0f reads/s, %s; answers %s", directTurns.perSecond(),
                        directTurns.latencies.summary(), directTurns.answers()),
                String.format(Locale.ROOT, "through the gateway:       %,.0f reads/s, %s; answers %s", gatewayTurns.perSecond(),
                        gatewayTurns.latencies.summary(), gatewayTurns.answers()),
                "CPU during the four turns: " + use.describe());
        boolean clean = directTurns.errors() == 0 && gatewayTurns.errors() == 0;
        return PerfRow.judged("6", WHAT, String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f reads/s)%s", ratio,
                        gatewayTurns.perSecond(), directTurns.perSecond(), clean ? "" : ", with errors"),
                AIM, ratio >= AIM_RATIO && clean, "-", details);
    }

    /** Every client sends its request again as soon as the last one is answered, for {@code duration}. */
    private static void loop(PerfContext context, List<HttpRequest> requests, Duration duration, Turns into) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Parallel.run(requests.size(), i -> {
            HttpRequest request = requests.get(i);
            while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                LoadClient.Answer answer = context.client().send(request);
                into.latencies.recordNanos(System.nanoTime() - sent);
                into.answers.computeIfAbsent(answer.outcome(), k -> new LongAdder()).increment();
            }
        });
        into.seconds += (System.nanoTime() - start) / 1e9;
    }

    /** One target's turns added up. */
    private static final class Turns {
        private double seconds;
        private final LatencyRecorder latencies = new LatencyRecorder();
        private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

        long ok() {
            LongAdder ok = answers.get("200");
            return ok == null ? 0 : ok.sum();
        }

        double perSecond() {
            return seconds == 0 ? 0 : ok() / seconds;
        }

        long errors() {
            return answers.values().stream().mapToLong(LongAdder::sum).sum() - ok();
        }

        String answers() {
            Map<String, Long> sorted = new java.util.TreeMap<>();
            answers.forEach((outcome, n) -> sorted.put(outcome, n.sum()));
            return sorted.toString();
        }
    }
}
