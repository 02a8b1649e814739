package dev.flashsale.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mvn -Pstart -DskipTests package} runs this after building every module. Arguments:
 * {@code --project-dir=<repository root>} and {@code --data-dir=<where data and logs live>}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Arguments.parse(args);
        Path projectDir = Path.of(options.getOrDefault("project-dir", "."));
        Path dataDir = Path.of(options.getOrDefault("data-dir", projectDir.resolve(".local-stack").toString()));
        LocalStackSettings settings = LocalStackSettings.from(projectDir, dataDir, System.getenv());
        int controlPort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_STACK_CONTROL_PORT",
                Integer.toString(8079 + LocalStackSettings.portOffset(System.getenv()))));
        refuseBusyPorts(settings, controlPort);

        LocalStack stack = new LocalStack(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack...");
            stack.close();
            System.out.println("Stopped. Data kept in " + settings.dataDir());
            stopped.countDown();
        }, "local-stack-shutdown"));

        long start = System.nanoTime();
        stack.start();
        ControlServer.start(stack, controlPort);
        System.out.println(banner(stack, controlPort, (System.nanoTime() - start) / 1_000_000_000));
        System.out.println(demoData(stack));
        stopped.await();
    }

    private static String banner(LocalStack stack, int controlPort, long seconds) {
        LocalStackSettings settings = stack.settings();
        StringBuilder out = new StringBuilder();
        out.append("\n=== flashsale local stack is up (").append(seconds).append(" s) ===\n");
        for (String name : stack.serviceNames()) {
            out.append(String.format("  %-17s %s   log: %s%n", name, stack.baseUrl(name), stack.service(name).logFile()));
        }
        out.append(String.format("  %-16s localhost:%d  user postgres, databases: %s%n", "PostgreSQL", settings.postgresPort(),
                String.join(" ", ServiceSpec.ALL.stream().flatMap(spec -> spec.databaseName().stream()).toList())));
        out.append(String.format("  %-16s %s   log: %s%n", "Kafka", stack.kafkaBootstrapServers(),
                settings.dataDir().resolve("kafka").resolve("kafka.log")));
        out.append(String.format("  %-16s http://127.0.0.1:%d/status%n", "control API", controlPort));
        String gateway = stack.baseUrl(ServiceSpec.named("api-gateway"));
        out.append("\nEverything goes through the gateway on ").append(gateway).append(". A token for user 1 as admin:\n");
        out.append("  curl -s -X POST ").append(gateway).append("/api/v1/dev/tokens -H 'Content-Type: application/json' "
                + "-d '{\"userId\": 1, \"roles\": [\"admin\"]}'\n");
        out.append("Data lives in ").append(settings.dataDir()).append(" (delete it for a fresh start). Ctrl-C stops everything.\n");
        return out.toString();
    }

    /** The demo data, created through the gateway on the first start of a data directory; a failure only warns. */
    private static String demoData(LocalStack stack) {
        if (!stack.serviceNames().containsAll(ServiceSpec.ALL.stream().map(ServiceSpec::name).toList())) {
            return "No demo data: not every service is built and running.";
        }
        try {
            return DemoData.ensure(stack.baseUrl(ServiceSpec.named("api-gateway")), stack.settings().dataDir());
        } catch (Exception e) {
            return "Could not create the demo data (" + e.getMessage() + "); the stack runs without it.";
        }
    }

    private static void refuseBusyPorts(LocalStackSettings settings, int controlPort) {
        List<Integer> ports = new ArrayList<>(List.of(settings.postgresPort(), settings.kafkaPort(),
                settings.kafkaControllerPort(), controlPort));
        settings.instances().forEach(instance -> ports.add(settings.portOf(instance)));
        List<Integer> busy = ports.stream().filter(port -> !free(port)).toList();
        if (!busy.isEmpty()) {
            System.err.println("These ports are taken: " + busy + ". Is another stack (or PostgreSQL/Kafka) running? "
                    + "Stop it, or move ours with LOCAL_STACK_PG_PORT / LOCAL_STACK_KAFKA_PORT.");
            System.exit(2);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
