package dev.flashsale.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flashsale.contracts.ErrorCode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Stands in for one service behind the gateway: an HTTP server on a port of its own that records every
 * request it gets and answers as the test scripted it (by method and path), by default with
 * {@code 200 {"service": "<name>", ...}}. It can be stopped and started again on the same port.
 */
public final class StubService {

    static {
        // Without it the JDK server's separate header and body writes meet the client's delayed ACK: 40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String name;
    private final int port;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stub-service");
        thread.setDaemon(true);
        return thread;
    });
    private volatile HttpServer server;

    private StubService(String name, HttpServer server) {
        this.name = name;
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    static StubService start(String name) {
        StubService stub = new StubService(name, bind(0));
        stub.serve();
        return stub;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** From now on, {@code method path} (path without query) is answered with {@code answer}. */
    public void answer(String method, String path, Answer answer) {
        answers.put(method + " " + path, answer);
    }

    /** Back to the default answer for {@code method path}. */
    public void forget(String method, String path) {
        answers.remove(method + " " + path);
    }

    /** Every request this stub got for {@code path} (without query), oldest first. */
    public List<Received> requestsTo(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** How many requests this stub got, to any path. */
    public int requestCount() {
        return received.size();
    }

    public Optional<Received> lastRequestTo(String path) {
        List<Received> requests = requestsTo(path);
        return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
    }

    /** Closes the port: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        server.stop(0);
    }

    public synchronized void restart() {
        server = bind(port);
        serve();
    }

    private static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve() {
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), lowerCased(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(request);
            Answer answer = answers.getOrDefault(request.method() + " " + request.path(), Answer.echo(name, request));
            if (!answer.delay().isZero()) {
                sleep(answer.delay());
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach((header, value) -> exchange.getResponseHeaders().set(header, value));
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientWentAway) {
            // The gateway gave up on a slow answer and closed the connection: expected in time-limit tests.
        }
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> List.copyOf(entry.getValue()), (a, b) -> a));
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request as the service received it; header names lower-cased. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public List<String> headerValues(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    public record Answer(int status, String contentType, String body, Map<String, String> headers, Duration delay) {

        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of(), Duration.ZERO);
        }

        public static Answer problem(int status, String code, String detail) {
            return new Answer(status, "application/problem+json",
                    "{\"type\":\"" + ErrorCode.valueOf(code).type() + "\",\"title\":\"" + code + "\",\"status\":" + status
                            + ",\"code\":\"" + code + "\",\"detail\":\"" + detail + "\"}", Map.of(), Duration.ZERO);
        }

        static Answer echo(String service, Received request) {
            return json(200, "{\"service\":\"" + service + "\",\"method\":\"" + request.method()
                    + "\",\"path\":\"" + request.path() + "\"}");
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, Map.copyOf(more), delay);
        }

        public Answer after(Duration delay) {
            return new Answer(status, contentType, body, headers, delay);
        }
    }
}
