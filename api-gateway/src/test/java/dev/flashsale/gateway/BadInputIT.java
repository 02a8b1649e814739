package dev.flashsale.gateway;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.gateway.support.StubService;
import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input the gateway must refuse itself, on every public route that names a user or takes a body: path user
 * ids of every wrong shape, bodies over the size limit (with and without a {@code Content-Length}), URLs the
 * firewall refuses, missing, expired and foreign tokens, admin paths for a user. Each answer must be the 4xx
 * problem with its stable code, and none of these requests may reach a service. A body's content (malformed JSON,
 * a {@code userId} that is not the caller's) is not read here: the service that acts on it judges it, and each
 * service's own bad-input test covers that.
 *
 * <p>Each request is sent by a user of its own, so the per-user rate limits of the tests' profile (three order
 * submissions a minute) never answer in place of the check under test.
 */
@GatewayIntegrationTest
class BadInputIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int OVERSIZED_BYTES = 80 * 1024;

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** One bad request: who sends it, what, and the code it must be refused with. */
    private record Case(String what, String method, LongFunction<String> path, LongFunction<String> body, boolean chunked,
                        String contentType, Token token, ErrorCode expected) {
    }

    private enum Token { NONE, USER, EXPIRED, FOREIGN, GARBAGE }

    @Test
    void theGatewayRefusesBadInputWithAProblemAndPassesNoneOfItOn() {
        List<Case> cases = cases();
        List<StubService> services = List.of(StubServices.balance(), StubServices.product(), StubServices.coupon(),
                StubServices.order(), StubServices.ranking());
        List<Integer> before = services.stream().map(BadInputIT::received).toList();

        List<String> violations = new ArrayList<>();
        for (Case c : cases) {
            String why = send(c);
            if (why != null) {
                violations.add(c.method() + " " + c.what() + ": " + why);
            }
        }

        assertThat(violations).as("%d bad requests sent; these broke the rules", cases.size()).isEmpty();
        assertThat(services.stream().map(BadInputIT::received).toList())
                .as("requests that reached a service").isEqualTo(before);
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<String> ownedBodies = List.of("/api/v1/orders", "/api/v1/coupons/7/issue", "/api/v1/users/{me}/balance/charge");
        for (String template : ownedBodies) {
            LongFunction<String> path = me -> template.replace("{me}", Long.toString(me));
            for (boolean chunked : List.of(false, true)) {
                cases.add(new Case(template + " oversized" + (chunked ? ", chunked" : ""), "POST", path,
                        me -> "{\"userId\": " + me + ", \"padding\": \"" + "x".repeat(OVERSIZED_BYTES) + "\"}", chunked,
                        "application/json", Token.USER, ErrorCode.PAYLOAD_TOO_LARGE));
            }
            for (Token token : List.of(Token.NONE, Token.EXPIRED, Token.FOREIGN, Token.GARBAGE)) {
                cases.add(new Case(template + " with token " + token, "POST", path, me -> "{\"userId\": " + me + "}", false,
                        "application/json", token, ErrorCode.UNAUTHORIZED));
            }
        }
        for (String userPath : List.of("/api/v1/users/%s", "/api/v1/users/%s/balance", "/api/v1/users/%s/balance/history",
                "/api/v1/users/%s/coupons", "/api/v1/users/%s/orders")) {
            for (String id : List.of("abc", "-1", "0", "1.5", "99999999999999999999", "%20", "0x1", "1e3")) {
                cases.add(new Case(userPath.formatted(id), "GET", me -> userPath.formatted(id), null, false, null,
                        Token.USER, ErrorCode.FORBIDDEN));
            }
            cases.add(new Case(userPath.formatted("another user"), "GET", me -> userPath.formatted(me + 1), null, false, null,
                    Token.USER, ErrorCode.FORBIDDEN));
            cases.add(new Case(userPath.formatted("{me}") + " anonymous", "GET", me -> userPath.formatted(me), null, false, null,
                    Token.NONE, ErrorCode.UNAUTHORIZED));
        }
        for (String admin : List.of("/api/v1/admin/balance/audit", "/api/v1/admin/orders/audit", "/api/v1/admin/sagas",
                "/api/v1/admin/coupons/1/audit", "/api/v1/admin/ranking/audit")) {
            cases.add(new Case(admin + " as a user", "GET", me -> admin, null, false, null, Token.USER, ErrorCode.FORBIDDEN));
            cases.add(new Case(admin + " anonymous", "GET", me -> admin, null, false, null, Token.NONE, ErrorCode.UNAUTHORIZED));
        }
        for (String firewalled : List.of("/api/v1/products/1/../../admin/balance/audit", "/api/v1/products/1;x=1",
                "/api/v1/users/{me}%2F..%2F1/balance", "/api/v1/products/%2e%2e/1")) {
            cases.add(new Case(firewalled, "GET", me -> firewalled.replace("{me}", Long.toString(me)), null, false, null,
                    Token.USER, ErrorCode.VALIDATION_FAILED));
        }
        cases.add(new Case("no route", "GET", me -> "/api/v1/nothing-here", null, false, null, Token.USER, ErrorCode.NOT_FOUND));
        cases.add(new Case("dev tokens outside local", "POST", me -> "/api/v1/dev/tokens", me -> "{\"userId\": 1, \"roles\": [\"admin\"]}",
                false, "application/json", Token.NONE, ErrorCode.NOT_FOUND));
        return cases;
    }

    /** Sends the case as a user of its own; the reason it broke the rules, or null. */
    private String send(Case c) {
        long me = TestTokens.newUserId();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + c.path().apply(me)))
                .timeout(Duration.ofSeconds(30));
        switch (c.token()) {
            case USER -> request.header("Authorization", TestTokens.user(me));
            case EXPIRED -> request.header("Authorization", TestTokens.expired(me));
            case FOREIGN -> request.header("Authorization", TestTokens.signedWithAnotherKey(me));
            case GARBAGE -> request.header("Authorization", "Bearer not.a.token");
            case NONE -> {
            }
        }
        if (c.body() == null) {
            request.method(c.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes = c.body().apply(me).getBytes(StandardCharsets.UTF_8);
            request.header("Content-Type", c.contentType()).method(c.method(), c.chunked()
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        HttpResponse<String> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse("");
        String code = codeOf(answer.body());
        if (answer.statusCode() != c.expected().status() || !contentType.startsWith("application/problem+json")
                || !c.expected().name().equals(code)) {
            return "expected " + c.expected().status() + " " + c.expected() + ", got " + answer.statusCode() + " " + contentType
                    + " " + abbreviate(answer.body());
        }
        return null;
    }

    private static int received(StubService service) {
        return service.requestCount();
    }

    private static String codeOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("code").isString() ? node.path("code").asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
