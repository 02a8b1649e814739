package dev.flashsale.loadtest.stack;

import dev.flashsale.localstack.ControlServer;
import dev.flashsale.localstack.LocalStack;
import dev.flashsale.localstack.LocalStackSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local stack the load runs against: the one already running (found through its control API), or one this
 * process starts (PostgreSQL, Kafka and every built service as separate processes, plus the control API) and
 * stops again on {@link #close()}. Either way, parts are killed and restarted through the control API.
 */
public final class StackHandle implements AutoCloseable {

    private final String controlUrl;
    private final LocalStack startedStack;
    private final ControlServer startedControl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean closed;

    private StackHandle(String controlUrl, LocalStack startedStack, ControlServer startedControl, AtomicBoolean closed) {
        this.controlUrl = controlUrl;
        this.startedStack = startedStack;
        this.startedControl = startedControl;
        this.closed = closed;
    }

    /** Whether a stack's control API answers on {@code controlUrl}. */
    public static boolean answers(String controlUrl) {
        return new StackHandle(controlUrl, null, null, new AtomicBoolean()).reachable();
    }

    /** Attaches to the stack answering on {@code controlUrl}, or starts one with its data in {@code dataDir}. */
    public static StackHandle attachOrStart(String controlUrl, Path projectDir, Path dataDir) {
        StackHandle attached = new StackHandle(controlUrl, null, null, new AtomicBoolean());
        if (attached.reachable()) {
            System.out.println("Using the running local stack (control API " + controlUrl + "):\n" + attached.status());
            return attached;
        }
        Map<String, String> environment = System.getenv();
        LocalStackSettings settings = LocalStackSettings.from(projectDir, dataDir, environment);
        int controlPort = URI.create(controlUrl).getPort();
        System.out.println("No local stack answers on " + controlUrl + "; starting one (data in " + dataDir + ")...");
        long start = System.nanoTime();
        LocalStack stack = new LocalStack(settings);
        AtomicBoolean closed = new AtomicBoolean();
        // Ctrl-C or a SIGTERM to the run, even while the stack starts, stops the processes it started
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (closed.compareAndSet(false, true)) {
                stack.close();
            }
        }, "stop-local-stack"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            if (closed.compareAndSet(false, true)) {
                stack.close();
            }
            throw e;
        }
        ControlServer control = ControlServer.start(stack, controlPort);
        System.out.printf("Local stack up in %.0f s%n", (System.nanoTime() - start) / 1e9);
        return new StackHandle(controlUrl, stack, control, closed);
    }

    public boolean startedHere() {
        return startedStack != null;
    }

    /** How long the stack took from its start until every service was ready, as the stack itself measured it. */
    public Duration startedIn() {
        return Duration.ofMillis(Math.round(Double.parseDouble(call("GET", "/startup").lines().findFirst().orElseThrow().strip()) * 1000));
    }

    /** Which services mapped a class-data archive at their start and which recorded one, as the stack says. */
    public String classData() {
        return call("GET", "/startup").lines().skip(1).findFirst().orElse("unknown").strip();
    }

    /** The process id of each running part by name ({@code postgres} is the postmaster); see the control API. */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String line : call("GET", "/processes").strip().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                pids.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return pids;
    }

    /** The secret the gateway sends to the services, for a measurement that calls a service directly. */
    public String gatewaySecret() {
        return call("GET", "/gateway-secret").strip();
    }

    public String status() {
        return call("GET", "/status");
    }

    /** SIGKILL, as in a crash. */
    public void killService(String name) {
        call("POST", "/services/" + name + "/kill");
    }

    /** Starts it again and returns once it reports ready. */
    public void startService(String name) {
        call("POST", "/services/" + name + "/start");
    }

    public void killKafka() {
        call("POST", "/kafka/kill");
    }

    public void startKafka() {
        call("POST", "/kafka/start");
    }

    public void stopPostgres() {
        call("POST", "/postgres/stop");
    }

    public void startPostgres() {
        call("POST", "/postgres/start");
    }

    private boolean reachable() {
        try {
            status();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private String call(String method, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(controlUrl + path))
                            .timeout(Duration.ofMinutes(6))
                            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("the control API " + controlUrl + " did not answer " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Stops the stack if this process started it; a stack that was already running is left as it was. Once only,
     * whether from the end of the run or from the shutdown hook of an interrupted one.
     */
    @Override
    public void close() {
        if (startedStack != null && closed.compareAndSet(false, true)) {
            System.out.println("Stopping the local stack this run started...");
            startedControl.close();
            startedStack.close();
        }
    }
}
