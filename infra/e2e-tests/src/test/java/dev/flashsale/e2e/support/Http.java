package dev.flashsale.e2e.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A plain HTTP/1.1 JSON client, as any client of the system would be: no redirects followed, no retries, every
 * answer returned whatever its status, so a test asserts on exactly what came back.
 */
public final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** What came back. */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        }

        /** The problem's stable {@code code}, or null when the answer is not a problem. */
        public String code() {
            JsonNode code = json().path("code");
            return code.isString() ? code.asString() : null;
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public Answer expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public Answer get(String url, String token, String... headers) {
        return send("GET", url, token, null, headers);
    }

    public Answer post(String url, String token, Object body, String... headers) {
        return send("POST", url, token, body, headers);
    }

    public Answer patch(String url, String token, Object body, String... headers) {
        return send("PATCH", url, token, body, headers);
    }

    /**
     * @param body    a JSON string, or any value Jackson writes as JSON; null for none
     * @param headers name, value, name, value, ...
     */
    public Answer send(String method, String url, String token, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String json = body instanceof String text ? text : JSON.writeValueAsString(body);
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
