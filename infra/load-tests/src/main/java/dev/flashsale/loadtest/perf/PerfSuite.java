package dev.flashsale.loadtest.perf;

import dev.flashsale.loadtest.Arguments;
import dev.flashsale.loadtest.LoadSettings;
import dev.flashsale.loadtest.Warmup;
import dev.flashsale.loadtest.fixture.Fixtures;
import dev.flashsale.loadtest.fixture.Fixtures.User;
import dev.flashsale.loadtest.stack.StackHandle;
import dev.flashsale.localstack.LocalStackSettings;
import dev.flashsale.localstack.client.Api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 15's table in one command ({@code mvn -q -pl infra/load-tests -Pperf -DskipTests package}): starts a
 * fresh local stack (or uses the one answering on the control port), measures its start and its memory, warms
 * it, runs every measurement of the issue against it and prints one table: each row's figure, its aim, PASS or
 * FAIL, and beside the throughput rows the correctness checker's verdict on the same run. Every figure is a ratio
 * or an absolute value measured in this run; the CPU and memory figures come from {@code /proc}, the stack's
 * processes only (the driver and the rest of the machine are shown beside them, never in them). Exits 0 only when
 * every row passed. What each row measures, and how: docs/services/load-tests.md.
 */
public final class PerfSuite {

    private PerfSuite() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.err.println("The performance suite stopped: " + e.getMessage());
            exit = 2;
        }
        // also ends what a failed run left running (the warm-up's clients)
        System.exit(exit);
    }

    private static int run(String[] args) {
        Arguments arguments = Arguments.parse(args);
        LoadSettings settings = LoadSettings.fromSystem();
        Set<String> rows = rows();
        LocalStackSettings stackSettings = LocalStackSettings.from(arguments.projectDir(), arguments.stackDir(), System.getenv());
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        String loadBefore = ProcFs.loadAverage();
        if (!ProcFs.available()) {
            System.err.println("The performance suite reads /proc (Linux) for CPU and memory; it is not readable here.");
            return 2;
        }
        boolean attached = StackHandle.answers(settings.controlUrl());
        if (!attached) {
            deleteRecursively(arguments.stackDir());
        }
        List<PerfRow> table = new ArrayList<>();
        int exit;
        try (StackHandle stack = StackHandle.attachOrStart(settings.controlUrl(), arguments.projectDir(), arguments.stackDir())) {
            StackMeter meter = new StackMeter(stack::processIds);
            Map<String, Long> memoryAtStart = meter.memoryKib();
            Map<String, Long> cpuTicksAtStart = meter.sample().partTicks();
            Api api = new Api(settings.gatewayUrl());
            Fixtures fixtures = new Fixtures(api, "perf-" + UUID.randomUUID().toString().substring(0, 8));
            List<User> users = warmUpAndMakeUsers(api, fixtures, poolSize(rows));
            PerfContext context = new PerfContext(settings, stackSettings, stack, api, new LoadClient(), meter, fixtures, users);

            if (rows.contains("6")) {
                table.add(guarded("6", GatewayCost.WHAT, GatewayCost.AIM, () -> GatewayCost.run(context,
                        LoadSettings.parameter("perf.gateway.connections", 64),
                        Duration.ofSeconds(LoadSettings.parameter("perf.gateway.turn-seconds", 5)))));
            }
            int sagaOrders = LoadSettings.parameter("perf.saga.orders", 600);
            int sagaWarmUp = LoadSettings.parameter("perf.saga.warmup", 40);
            int latencyOrders = LoadSettings.parameter("perf.latency.rate", 30) * LoadSettings.parameter("perf.latency.seconds", 20);
            if (rows.contains("2") || rows.contains("4")) {
                try {
                    SagaRows.Throughput saga = SagaRows.throughput(context, 0, sagaOrders, sagaWarmUp,
                            LoadSettings.parameter("perf.saga.clients", 32));
                    table.add(saga.throughput());
                    table.add(saga.cpu());
                } catch (RuntimeException e) {
                    table.add(PerfRow.notMeasured("2", SagaRows.THROUGHPUT, SagaRows.THROUGHPUT_AIM, failure(e)));
                    table.add(PerfRow.notMeasured("4", SagaRows.CPU, SagaRows.CPU_AIM, failure(e)));
                }
            }
            if (rows.contains("3")) {
                table.add(guarded("3", SagaRows.LATENCY, SagaRows.LATENCY_AIM, () -> SagaRows.latency(context,
                        sagaOrders + sagaWarmUp, LoadSettings.parameter("perf.latency.rate", 30),
                        Duration.ofSeconds(LoadSettings.parameter("perf.latency.seconds", 20)))));
            }
            if (rows.contains("2") || rows.contains("3")) {
                context.awaitSettled();
                String verdict = context.check("the saga rows").label();
                table.replaceAll(row -> row.id().equals("2") || row.id().equals("3") ? row.withInvariants(verdict) : row);
            }
            if (rows.contains("1")) {
                table.add(guarded("1", OrderBurst.WHAT, OrderBurst.AIM, () -> OrderBurst.run(context,
                        sagaOrders + sagaWarmUp + latencyOrders, LoadSettings.parameter("perf.burst.users", 200),
                        LoadSettings.parameter("perf.burst.orders", 1500), LoadSettings.parameter("perf.burst.clients", 128))));
            }
            if (rows.contains("5")) {
                table.add(guarded("5", CouponStampede.WHAT, CouponStampede.AIM, () -> CouponStampede.run(context,
                        LoadSettings.parameter("perf.stampede.claimants", 3000),
                        LoadSettings.parameter("perf.stampede.concurrency", 256),
                        LoadSettings.parameter("perf.stampede.quantity", 100))));
            }
            if (rows.contains("7")) {
                table.add(guarded("7b", RelayLatency.WHAT, RelayLatency.AIM, () -> RelayLatency.run(context,
                        LoadSettings.parameter("perf.relay.rate", 1000),
                        Duration.ofSeconds(LoadSettings.parameter("perf.relay.lead-in-seconds", 3)),
                        Duration.ofSeconds(LoadSettings.parameter("perf.relay.seconds", 10)))));
                table.add(guarded("7a", AtRest.WHAT, AtRest.AIM, () -> AtRest.run(context,
                        Duration.ofSeconds(LoadSettings.parameter("perf.rest.pause-seconds", 10)),
                        Duration.ofSeconds(LoadSettings.parameter("perf.rest.seconds", 30)))));
            }
            if (rows.contains("8")) {
                table.addAll(StartUp.rows(stack, attached, memoryAtStart, meter.memoryKib(), cpuTicksAtStart));
            }
            table.sort(Comparator.comparing(PerfRow::id));
            String report = report(started, loadBefore, stackSettings, attached, table);
            System.out.println(report);
            save(settings.resultsDir(), report);
            exit = table.stream().allMatch(PerfRow::passed) ? 0 : 1;
        }
        return exit;
    }

    /** Rows to run, {@code -Dload.perf.rows=1,2,3} (default all: 1 to 8; 2 and 4 are one measurement, as are 7a and 7b). */
    private static Set<String> rows() {
        String picked = System.getProperty("load.perf.rows", "all");
        return picked.equals("all") ? Set.of("1", "2", "3", "4", "5", "6", "7", "8")
                : Arrays.stream(picked.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    /** Users the picked rows need: the stampede's claimants, or the saga rows' and the burst's slices end to end. */
    private static int poolSize(Set<String> rows) {
        int saga = LoadSettings.parameter("perf.saga.orders", 600) + LoadSettings.parameter("perf.saga.warmup", 40);
        int latency = LoadSettings.parameter("perf.latency.rate", 30) * LoadSettings.parameter("perf.latency.seconds", 20);
        int burst = LoadSettings.parameter("perf.burst.users", 200);
        int needed = rows.contains("6") ? LoadSettings.parameter("perf.gateway.connections", 64) : 0;
        if (rows.contains("2") || rows.contains("4")) {
            needed = Math.max(needed, saga);
        }
        if (rows.contains("3")) {
            needed = Math.max(needed, saga + latency);
        }
        if (rows.contains("1")) {
            needed = Math.max(needed, saga + latency + burst);
        }
        if (rows.contains("5")) {
            needed = Math.max(needed, LoadSettings.parameter("perf.stampede.claimants", 3000));
        }
        return needed;
    }

    /**
     * The warm-up's untimed traffic on every path and, beside it, the run's users (each with a token, each known
     * to coupon-service before any row starts): both are load the JIT needs to see, neither is measured.
     */
    private static List<User> warmUpAndMakeUsers(Api api, Fixtures fixtures, int count) {
        Duration warmUp = Duration.ofSeconds(LoadSettings.parameter("warmup-seconds", 60));
        long start = System.nanoTime();
        CompletableFuture<Void> warming = CompletableFuture.runAsync(() -> Warmup.run(api, warmUp));
        List<User> users = count == 0 ? List.of() : UserPool.make(api, "perf-" + UUID.randomUUID().toString().substring(0, 8), count);
        System.out.printf("[perf] %d users made in %.0f s%n", users.size(), (System.nanoTime() - start) / 1e9);
        warming.join();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!users.isEmpty()) {
            try {
                fixtures.awaitCouponServiceKnows(users, Duration.ofMinutes(3));
                break;
            } catch (IllegalStateException slowAnswer) {
                // a 503 from a service still compiling: the probe changes nothing, so ask again
                if (System.nanoTime() > deadline) {
                    throw slowAnswer;
                }
                Fixtures.sleep(1000);
            }
        }
        System.out.printf("[perf] warm-up and users done in %.0f s%n", (System.nanoTime() - start) / 1e9);
        return users;
    }

    /** A measurement that threw is a row NOT MEASURED with the reason, and the suite goes on with the next. */
    private static PerfRow guarded(String id, String what, String aim, Supplier<PerfRow> measurement) {
        try {
            return measurement.get();
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            return PerfRow.notMeasured(id, what, aim, failure(e));
        }
    }

    private static String failure(RuntimeException e) {
        return "failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static String report(String started, String loadBefore, LocalStackSettings stackSettings, boolean attached,
                                 List<PerfRow> table) {
        StringBuilder out = new StringBuilder();
        out.append("\n================ flashsale performance (issue 15) ================\n");
        out.append(String.format(Locale.ROOT, "run %s, commit %s; %d cores; load average %s at the start, %s at the end%n",
                started, commit(stackSettings.projectDir()), Runtime.getRuntime().availableProcessors(), loadBefore,
                ProcFs.loadAverage()));
        out.append(attached ? "stack: the one already running (its own JVM options)\n"
                : "stack: started by this run from an empty data directory; service JVMs: "
                + String.join(" ", stackSettings.serviceJvmArguments())
                + (stackSettings.serviceJvmExtras().isEmpty() ? "" : "; and for one service " + stackSettings.serviceJvmExtras())
                + "\n");
        out.append('\n').append(PerfRow.table(table)).append('\n').append(PerfRow.details(table));
        long passed = table.stream().filter(PerfRow::passed).count();
        double driverSeconds = ProcFs.stat(ProcessHandle.current().pid()).map(ProcFs.Stat::ownTicks).orElse(0L)
                / (double) ProcFs.TICKS_PER_SECOND;
        out.append(String.format(Locale.ROOT, "%nThis driver's own CPU over the whole run (set-up and warm-up included): %.0f s.",
                driverSeconds));
        out.append(String.format(Locale.ROOT, "%n%d of %d rows pass. \"others\" is CPU the machine spent outside the stack and "
                + "this driver in the same window: above ~0.2 cores, another program disturbed that row.%n", passed, table.size()));
        return out.toString();
    }

    private static String commit(Path projectDir) {
        try {
            Process git = new ProcessBuilder("git", "-C", projectDir.toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true).start();
            String answer = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 ? answer : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void save(Path resultsDir, String report) {
        try {
            Files.createDirectories(resultsDir);
            Path file = resultsDir.resolve("perf-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".txt");
            Files.writeString(file, report);
            System.out.println("This table: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stack this run starts begins from nothing, so every run does the same work (first start included). */
    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + directory, e);
        }
    }
}
