package dev.flashsale.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flashsale.embedded.JavaProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A small control API on 127.0.0.1, so a script (failure injection, load tests) can take one part of the
 * running stack down and bring it back:
 * <pre>
 * GET  /status                          every part, its pid and whether it is alive and ready
 * GET  /processes                       {@code <name> <pid>} per running part, PostgreSQL's postmaster included
 * GET  /startup                         seconds the stack took from its start until every service was ready, then
 *                                       which services mapped a class-data archive and which recorded one
 * GET  /gateway-secret                  the secret the gateway sends to the services (a direct call needs it)
 * POST /services/{name}/kill|stop|start  SIGKILL, graceful stop, start and wait until ready
 * POST /kafka/kill|stop|start
 * POST /postgres/stop|start
 * </pre>
 */
public final class ControlServer implements AutoCloseable {

    private final HttpServer server;
    private final LocalStack stack;

    private ControlServer(HttpServer server, LocalStack stack) {
        this.server = server;
        this.stack = stack;
    }

    public static ControlServer start(LocalStack stack, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ControlServer control = new ControlServer(server, stack);
            server.createContext("/", control::handle);
            server.setExecutor(Executors.newSingleThreadExecutor());
            server.start();
            return control;
        } catch (IOException e) {
            throw new UncheckedIOException("the control API could not listen on 127.0.0.1:" + port, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String answer;
        int status = 200;
        try {
            if ("GET".equals(exchange.getRequestMethod()) && parts.length == 1) {
                answer = read(parts[0]);
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                status = 405;
                answer = "use POST\n";
            } else {
                answer = act(parts);
            }
        } catch (IllegalArgumentException e) {
            status = 404;
            answer = e.getMessage() + "\n";
        } catch (RuntimeException e) {
            status = 500;
            answer = (e.getMessage() == null ? e.toString() : e.getMessage()) + "\n";
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String act(String[] parts) {
        if (parts.length == 3 && "services".equals(parts[0])) {
            JavaProcess service = stack.service(parts[1]);
            switch (parts[2]) {
                case "kill" -> service.kill();
                case "stop" -> stack.stopService(parts[1]);
                case "start" -> stack.startService(parts[1]);
                default -> throw new IllegalArgumentException("unknown action " + parts[2]);
            }
            return parts[1] + " " + parts[2] + " done\n";
        }
        if (parts.length == 2 && "kafka".equals(parts[0])) {
            switch (parts[1]) {
                case "kill" -> stack.killKafka();
                case "stop" -> stack.stopKafka();
                case "start" -> stack.startKafka();
                default -> throw new IllegalArgumentException("unknown action " + parts[1]);
            }
            return "kafka " + parts[1] + " done\n";
        }
        if (parts.length == 2 && "postgres".equals(parts[0])) {
            switch (parts[1]) {
                case "stop" -> stack.stopPostgres();
                case "start" -> stack.startPostgres();
                default -> throw new IllegalArgumentException("unknown action " + parts[1]);
            }
            return "postgres " + parts[1] + " done\n";
        }
        throw new IllegalArgumentException("unknown path /" + String.join("/", parts));
    }

    private String read(String what) {
        return switch (what) {
            case "status" -> status();
            case "processes" -> processes();
            case "startup" -> stack.startedIn().map(took -> String.format(java.util.Locale.ROOT, "%.1f%n%s%n", took.toMillis() / 1000.0,
                            stack.classDataSummary()))
                    .orElseThrow(() -> new IllegalStateException("the stack has not finished starting"));
            case "gateway-secret" -> stack.settings().gatewaySecret() + "\n";
            default -> throw new IllegalArgumentException("unknown path /" + what);
        };
    }

    private String processes() {
        StringBuilder out = new StringBuilder();
        stack.processIds().forEach((name, pid) -> out.append(name).append(' ').append(pid).append('\n'));
        return out.toString();
    }

    private String status() {
        StringBuilder out = new StringBuilder();
        for (String name : stack.serviceNames()) {
            JavaProcess process = stack.service(name);
            out.append(String.format("%-16s pid %-8s %-6s %s%n", name, process.isAlive() ? process.pid() : "-",
                    process.isAlive() ? "alive" : "down", stack.isReady(name) ? "ready" : "not ready"));
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
