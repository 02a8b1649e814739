package dev.flashsale.loadtest;

import dev.flashsale.loadtest.report.Results;
import dev.flashsale.loadtest.simulation.CheckedSimulation;
import dev.flashsale.loadtest.simulation.OrderStormSimulation;
import dev.flashsale.loadtest.stack.StackHandle;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Failure injection in one command ({@code mvn -Pfailure-injection -DskipTests package}): an order storm long
 * enough to outlast every disruption, and beside it, through the stack's control API, a {@code kill -9} and
 * restart of each service in turn (the gateway too), a kill and restart of the Kafka broker, a stop and start
 * of PostgreSQL. The storm's checker then waits for every saga to end and judges the books. Exits non-zero
 * when a disruption could not be done or any invariant failed.
 *
 * <p>Defaults (each a {@code --load.x=...} option): a storm of 480 buyers over 480 s, clients that keep polling
 * an order for up to 10 minutes, a settle timeout of 10 minutes; {@code load.chaos.pause-seconds} (10) between
 * disruptions.
 */
public final class FailureInjection {

    private static final List<String> SERVICES = List.of("order-service", "product-service", "coupon-service",
            "balance-service", "ranking-service", "api-gateway");

    private FailureInjection() {
    }

    public static void main(String[] args) {
        Arguments arguments = Arguments.parse(args);
        defaultTo("load.storm.buyers", "480");
        defaultTo("load.storm.seconds", "480");
        defaultTo("load.storm.max-polls", "120");
        defaultTo("load.settle-timeout-seconds", "600");
        Duration pause = Duration.ofSeconds(LoadSettings.parameter("chaos.pause-seconds", 10));
        LoadSettings settings = LoadSettings.fromSystem();
        List<String> journal = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        int exit;
        try (StackHandle stack = StackHandle.attachOrStart(settings.controlUrl(), arguments.projectDir(), arguments.stackDir())) {
            LoadSuite.printLimits(stack);
            CheckedSimulation.disruptNextRun(() -> disrupt(stack, pause, journal, problems));
            LoadSuite.run(OrderStormSimulation.class, arguments, problems);
            System.out.println("\ndisruptions, in order:");
            journal.forEach(line -> System.out.println("  " + line));
            System.out.println(LoadSuite.summary(problems));
            exit = problems.isEmpty() && Results.all().stream().allMatch(r -> r.verdict().passed()) ? 0 : 1;
        }
        System.exit(exit);
    }

    /** Every disruption in turn; one that fails is noted and the rest still run. */
    static void disrupt(StackHandle stack, Duration pause, List<String> journal, List<String> problems) {
        // let the storm get going first: the baseline phase and some orders in flight
        sleep(Duration.ofSeconds(LoadSettings.parameter("baseline.seconds", 10)).plus(pause).plusSeconds(10));
        for (String service : SERVICES) {
            step(journal, problems, "kill -9 " + service, () -> stack.killService(service));
            sleep(Duration.ofSeconds(2));
            step(journal, problems, "start " + service + " (until ready)", () -> stack.startService(service));
            sleep(pause);
        }
        step(journal, problems, "kill the Kafka broker", stack::killKafka);
        sleep(Duration.ofSeconds(5));
        step(journal, problems, "start the Kafka broker", stack::startKafka);
        sleep(pause);
        step(journal, problems, "stop PostgreSQL", stack::stopPostgres);
        sleep(Duration.ofSeconds(5));
        step(journal, problems, "start PostgreSQL", stack::startPostgres);
        sleep(pause);
    }

    private static void step(List<String> journal, List<String> problems, String what, Runnable action) {
        long start = System.nanoTime();
        String at = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        System.out.println("[failure injection] " + at + " " + what);
        try {
            action.run();
            journal.add(String.format("%s %-40s %5.1f s", at, what, (System.nanoTime() - start) / 1e9));
        } catch (RuntimeException e) {
            journal.add(at + " " + what + " FAILED: " + e.getMessage());
            problems.add("failure injection: " + what + " failed: " + e.getMessage());
        }
    }

    private static void defaultTo(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
