package dev.flashsale.coupon;

import dev.flashsale.testkit.GatewayCallers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue requests over real HTTP from many threads at once (the test client of Spring is not meant for
 * a stampede): {@code POST /api/v1/coupons/{id}/issue}, each by the user it claims for, read back as an {@link Answer}.
 */
public final class IssueClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;

    public IssueClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public Answer issue(long couponId, long userId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/coupons/" + couponId + "/issue"))
                .header("Content-Type", "application/json")
                .header(GatewayCallers.HEADER, GatewayCallers.user(userId))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\": " + userId + "}"))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            return new Answer(response.statusCode(), body.path("code").asString(null), userId,
                    body.has("userCouponId") ? body.get("userCouponId").asLong() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks as a careful client does: a 503 (nothing was issued, or the outcome is unknown) is asked again until the
     * answer is definite. Returns every answer, the definite one last.
     */
    public List<Answer> issueUntilDefinite(long couponId, long userId) {
        List<Answer> answers = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Answer answer = issue(couponId, userId);
            answers.add(answer);
            if (answer.status() != 503 || attempt == 50) {
                return answers;
            }
            try {
                Thread.sleep(50L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The status of {@code GET path}: a reference for what any request costs on this machine. */
    public int get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header(GatewayCallers.HEADER, GatewayCallers.admin())
                .timeout(Duration.ofSeconds(60)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One answer: 201 with the user coupon's id, or an error status with its problem code. */
    public record Answer(int status, String code, long userId, Long userCouponId) {

        public boolean issued() {
            return status == 201;
        }
    }
}
