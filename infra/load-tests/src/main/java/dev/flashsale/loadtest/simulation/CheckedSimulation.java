package dev.flashsale.loadtest.simulation;

import dev.flashsale.loadtest.LoadSettings;
import dev.flashsale.loadtest.check.Checker;
import dev.flashsale.loadtest.check.Result;
import dev.flashsale.loadtest.check.Verdict;
import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.loadtest.report.Recorder;
import dev.flashsale.loadtest.report.Results;
import dev.flashsale.loadtest.report.ScenarioResult;
import dev.flashsale.localstack.client.Api;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What every scenario shares: the gateway as the only door, its data made in {@code before()}, a no-op
 * baseline through the same gateway first (so each figure is also a ratio to it), every answer recorded by
 * its problem code, and in {@code after()} the correctness checker, whose verdict is printed next to the
 * figures.
 */
public abstract class CheckedSimulation extends Simulation {

    static final String BASELINE = "no-op GET popular";
    private static final String NO_RESPONSE = "NO_RESPONSE";

    protected final LoadSettings settings = LoadSettings.fromSystem();
    protected final Api api = new Api(settings.gatewayUrl());
    protected final String run = "load-" + UUID.randomUUID().toString().substring(0, 8);
    protected final Fixtures fixtures = new Fixtures(api, run);
    protected final Recorder recorder = new Recorder();
    /** Set by the failure injection for the next simulation of this JVM; taken (and cleared) by its {@code before()}. */
    private static final AtomicReference<Runnable> NEXT_DISRUPTION = new AtomicReference<>();
    private volatile CompletableFuture<Void> disruption = CompletableFuture.completedFuture(null);
    protected final HttpProtocolBuilder protocol = http.baseUrl(settings.gatewayUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections()
            .disableCaching();

    /** The scenario's name in the summary. */
    protected abstract String name();

    protected abstract String description();

    /** Makes the scenario's data and fills its feeders. */
    protected abstract void prepare();

    /** The scenario's own expectations, checked after the run next to the system's invariants. */
    protected List<Result> scenarioChecks(Map<String, Recorder.Row> rows) {
        return List.of();
    }

    /**
     * {@code main} after a no-op phase: {@code GET /api/v1/products/popular} (served from memory, no database)
     * through the gateway by a closed loop of {@code load.baseline.users} users for {@code load.baseline.seconds}.
     */
    protected PopulationBuilder afterBaseline(PopulationBuilder... main) {
        int users = LoadSettings.parameter("baseline.users", 32);
        int seconds = LoadSettings.parameter("baseline.seconds", 10);
        return scenario("no-op baseline")
                .exec(request(BASELINE, http(BASELINE).get("/api/v1/products/popular"), 200))
                .injectClosed(constantConcurrentUsers(users).during(Duration.ofSeconds(seconds)))
                .andThen(main);
    }

    /**
     * {@code request}, recorded under {@code name} by its answer: the problem {@code code} when there is one,
     * else the status. Gatling counts it OK when the status is one of {@code expected}.
     */
    protected ChainBuilder request(String name, HttpRequestActionBuilder request, Integer... expected) {
        return exec(session -> session.set("t0", System.currentTimeMillis()).remove("status").remove("code").remove("rt"))
                .exec(request.check(
                        responseTimeInMillis().saveAs("rt"),
                        status().saveAs("status"),
                        regex("\"code\"\\s*:\\s*\"([A-Z_]+)\"").optional().saveAs("code"),
                        status().in(expected)))
                .exec(session -> {
                    record(name, session);
                    return session;
                });
    }

    private void record(String name, Session session) {
        long now = System.currentTimeMillis();
        long started = session.getLong("t0");
        long latency = session.contains("rt") ? session.getInt("rt") : now - started;
        String outcome = !session.contains("status") ? NO_RESPONSE
                : session.contains("code") ? session.getString("code") : Integer.toString(session.getInt("status"));
        recorder.record(name, started, latency, outcome);
    }

    /**
     * Runs {@code disruption} beside the next simulation's load: started on a thread of its own once the data is
     * made, and over before the checker reads (the checker waits for it), so the verdict is about the system
     * after every part came back.
     */
    public static void disruptNextRun(Runnable disruption) {
        NEXT_DISRUPTION.set(disruption);
    }

    @Override
    public void before() {
        long start = System.nanoTime();
        System.out.println("[" + name() + "] preparing data as " + run + " through " + settings.gatewayUrl());
        prepare();
        System.out.printf("[%s] data ready in %.1f s%n", name(), (System.nanoTime() - start) / 1e9);
        Runnable next = NEXT_DISRUPTION.getAndSet(null);
        if (next != null) {
            disruption = CompletableFuture.runAsync(next, runnable -> {
                Thread thread = new Thread(runnable, "disruption");
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    @Override
    public void after() {
        System.out.println("[" + name() + "] load done; checking correctness (waiting up to "
                + settings.settleTimeout().toSeconds() + " s for open sagas)");
        try {
            disruption.join();
        } catch (RuntimeException e) {
            System.out.println("[" + name() + "] the disruption failed: " + e.getMessage());
        }
        Map<String, Recorder.Row> rows = new TreeMap<>(recorder.rows());
        Recorder.Row baseline = rows.remove(BASELINE);
        Verdict verdict = new Checker(api, settings.kafkaBootstrapServers(), settings.settleTimeout()).check()
                .with(scenarioChecks(rows));
        ScenarioResult result = new ScenarioResult(name(), description(), List.copyOf(rows.values()), baseline, verdict);
        Results.add(result, settings.resultsDir());
        System.out.println(result.table());
    }

    static long count(Recorder.Row row, String outcome) {
        return row == null ? 0 : row.outcomes().getOrDefault(outcome, 0L);
    }
}
