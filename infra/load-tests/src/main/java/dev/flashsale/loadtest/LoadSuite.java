package dev.flashsale.loadtest;

import dev.flashsale.loadtest.report.Results;
import dev.flashsale.loadtest.report.ScenarioResult;
import dev.flashsale.loadtest.simulation.BrowseSimulation;
import dev.flashsale.loadtest.simulation.FlashSaleSimulation;
import dev.flashsale.loadtest.simulation.OrderStormSimulation;
import dev.flashsale.loadtest.stack.StackHandle;
import dev.flashsale.localstack.client.Api;
import io.gatling.app.Gatling$;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole load suite in one command ({@code mvn -Pload -DskipTests package}): the local stack (started if
 * none is running, stopped again at the end), a minute of untimed {@link Warmup}, then each scenario through Gatling with the correctness checker
 * after it, then one summary of figures and verdicts. Exits non-zero if any scenario failed or any invariant
 * did not hold. {@code -Dload.scenarios=flash,storm,browse} picks scenarios.
 */
public final class LoadSuite {

    private LoadSuite() {
    }

    public static void main(String[] args) {
        Arguments arguments = Arguments.parse(args);
        LoadSettings settings = LoadSettings.fromSystem();
        List<String> picked = Arrays.asList(System.getProperty("load.scenarios", "flash,storm,browse").split(","));
        int exit;
        try (StackHandle stack = StackHandle.attachOrStart(settings.controlUrl(), arguments.projectDir(), arguments.stackDir())) {
            printLimits(stack);
            Warmup.run(new Api(settings.gatewayUrl()), Duration.ofSeconds(LoadSettings.parameter("warmup-seconds", 60)));
            List<String> problems = new ArrayList<>();
            if (picked.contains("flash")) {
                run(FlashSaleSimulation.class, arguments, problems);
            }
            if (picked.contains("storm")) {
                run(OrderStormSimulation.class, arguments, problems);
            }
            if (picked.contains("browse")) {
                run(BrowseSimulation.class, arguments, problems);
            }
            System.out.println(summary(problems));
            exit = problems.isEmpty() && Results.all().stream().allMatch(r -> r.verdict().passed()) ? 0 : 1;
        }
        System.exit(exit);
    }

    static void printLimits(StackHandle stack) {
        if (stack.startedHere()) {
            System.out.println("Gateway rate limits for this run (set through the stack's environment): " + Machine.rateLimits());
        } else {
            System.out.println("The running stack keeps the gateway rate limits it was started with (this run would have set: "
                    + Machine.rateLimits() + "); requests refused by them show as RATE_LIMITED.");
        }
    }

    /** Runs one simulation in this JVM; its {@code after()} has added its result by the time this returns. */
    static void run(Class<?> simulation, Arguments arguments, List<String> problems) {
        System.out.println("\n>>> " + simulation.getSimpleName() + " (" + Machine.describe() + ")");
        int before = Results.all().size();
        int status = Gatling$.MODULE$.fromArgs(new String[]{
                "-s", simulation.getName(),
                "-rf", arguments.resultsDir().resolve("gatling").toString(),
                "-rd", "flashsale load suite"});
        System.out.println("<<< " + simulation.getSimpleName() + " done (" + Machine.describe() + ")");
        if (status != 0) {
            problems.add(simulation.getSimpleName() + ": Gatling exited with " + status);
        }
        if (Results.all().size() == before) {
            problems.add(simulation.getSimpleName() + ": no result (its set-up or checker failed; see above)");
        }
    }

    static String summary(List<String> problems) {
        StringBuilder out = new StringBuilder("\n================ flashsale load suite: summary ================\n");
        out.append("machine: ").append(Machine.describe()).append('\n');
        for (ScenarioResult result : Results.all()) {
            out.append('\n').append(result.table());
        }
        out.append("\nverdicts:\n");
        for (ScenarioResult result : Results.all()) {
            out.append(String.format("  %-14s %s%n", result.scenario(),
                    result.verdict().passed() ? "PASS" : "FAIL (" + result.verdict().failures() + " invariants)"));
        }
        problems.forEach(problem -> out.append("  ").append(problem).append('\n'));
        out.append("Gatling's HTML reports: ").append(LoadSettings.fromSystem().resultsDir().resolve("gatling")).append("/*/index.html\n");
        return out.toString();
    }
}
