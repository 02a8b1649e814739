package dev.flashsale.loadtest.perf;

import dev.flashsale.localstack.client.Api;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance suite's HTTP driver: the JDK's client, HTTP/1.1 with keep-alive (one connection per
 * concurrent caller, as a browser or a shop's front end would hold), no JSON parsing unless asked. It costs
 * the machine less than Gatling for the same requests (docs/services/load-tests.md), which matters when the
 * driver shares two cores with the stack it measures.
 */
final class LoadClient {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** An answer; status 0 when there was none (refused, reset, timed out). */
    record Answer(int status, String body, OptionalLong retryAfterSeconds) {

        static Answer none() {
            return new Answer(0, "", OptionalLong.empty());
        }

        /** The problem's {@code code}, else the status: what a row counts answers by. */
        String outcome() {
            if (status == 0) {
                return "NO_ANSWER";
            }
            Matcher code = CODE.matcher(body);
            return code.find() ? code.group(1) : Integer.toString(status);
        }

        JsonNode json() {
            return body.isBlank() ? Api.JSON.missingNode() : Api.JSON.readTree(body);
        }

        /** 429 or 503: the gateway or the service asks the client to come back later. */
        boolean retryable() {
            return status == 429 || status == 503 || status == 0;
        }
    }

    static HttpRequest get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(request::header);
        return request.build();
    }

    static HttpRequest post(String url, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return request.build();
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    Answer send(HttpRequest request) {
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Answer.none();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    CompletableFuture<Answer> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(LoadClient::answer)
                .exceptionally(failure -> Answer.none());
    }

    private static Answer answer(HttpResponse<String> response) {
        OptionalLong retryAfter = response.headers().firstValue("Retry-After")
                .map(value -> {
                    try {
                        return OptionalLong.of(Long.parseLong(value.trim()));
                    } catch (NumberFormatException dateForm) {
                        return OptionalLong.empty();
                    }
                })
                .orElse(OptionalLong.empty());
        return new Answer(response.statusCode(), response.body() == null ? "" : response.body(), retryAfter);
    }
}
