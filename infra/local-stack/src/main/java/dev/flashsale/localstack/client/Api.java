package dev.flashsale.localstack.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The public API through the gateway, for demo data, set-up and checkers: JSON in, JSON out, a bearer token
 * when one is given. Not for load (the load tests go through Gatling's own client).
 */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private volatile String adminToken;

    public Api(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** An answer: its status and its JSON body ({@code MissingNode} when it had none). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's {@code code}, or an empty string. */
        public String code() {
            return body.path("code").asString("");
        }

        public Answer expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + ": expected " + expected + " but got " + status + " " + body);
            }
            return this;
        }
    }

    /** A token for {@code userId} from the local profile's {@code POST /api/v1/dev/tokens}. */
    public String tokenFor(long userId, boolean admin) {
        Map<String, Object> body = admin ? Map.of("userId", userId, "roles", java.util.List.of("admin")) : Map.of("userId", userId);
        return send("POST", "/api/v1/dev/tokens", body, null, null).expect(200, "a token for user " + userId)
                .body().path("token").asString();
    }

    /** An admin's token (user 1), minted once. */
    public String adminToken() {
        if (adminToken == null) {
            adminToken = tokenFor(1, true);
        }
        return adminToken;
    }

    public Answer get(String path, String token) {
        return send("GET", path, null, token, null);
    }

    public Answer asAdmin(String method, String path, Object body) {
        return send(method, path, body, adminToken(), null);
    }

    public Answer send(String method, String path, Object body, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isBlank() ? JSON.missingNode() : parse(text);
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + baseUrl + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return JSON.getNodeFactory().stringNode(text);
        }
    }
}
